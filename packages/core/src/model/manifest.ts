/**
 * `earshot-model.json`: the manifest of a model folder — every file with its size and SHA-256,
 * the graph dimensions, the tokenizer and the license. Loaders verify each file against it.
 */
import { z } from 'zod';
import { ModelLoadError } from './errors.ts';

/** Name of the manifest file in a model folder. */
export const MANIFEST_FILE = 'earshot-model.json';

const fileEntry = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The manifest schema (unknown extra fields are kept for forward compatibility). */
export const manifestSchema = z.looseObject({
  format_version: z.number().int().positive(),
  name: z.string().min(1),
  license: z.string().min(1),
  files: z.array(fileEntry).min(1),
});

/** A parsed manifest. */
export type ModelManifest = z.infer<typeof manifestSchema>;
/** One file of a manifest. */
export type ManifestFile = z.infer<typeof fileEntry>;

/** Lower-case hex SHA-256 of `bytes` (WebCrypto: browsers, Workers and Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks `bytes` against the manifest entry for `path`; throws `ModelLoadError` on a mismatch. */
export async function verifyFile(manifest: ModelManifest, path: string, bytes: Uint8Array): Promise<void> {
  checkSize(manifest, path, bytes.byteLength);
  await verifyDigest(manifest, path, { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
}

/** Checks a file's size and SHA-256 against the manifest entry for `path`. */
export async function verifyDigest(
  manifest: ModelManifest,
  path: string,
  digest: { bytes: number; sha256: string },
): Promise<void> {
  const entry = checkSize(manifest, path, digest.bytes);
  const actual = digest.sha256;
  if (actual !== entry.sha256) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_CHECKSUM',
      path,
      `SHA-256 is ${actual}, the manifest says ${entry.sha256}.`,
    );
  }
}

function checkSize(manifest: ModelManifest, path: string, bytes: number): ManifestFile {
  const entry = manifest.files.find((f) => f.path === path);
  if (entry === undefined) {
    throw new ModelLoadError('EARSHOT_ERR_MODEL_CONFIG', MANIFEST_FILE, `lists no file '${path}'.`);
  }
  if (entry.bytes !== bytes) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_FILE_SIZE',
      path,
      `size is ${bytes} bytes, the manifest says ${entry.bytes}.`,
    );
  }
  return entry;
}
