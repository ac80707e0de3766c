/**
 * Opens a model folder through a `ModelSource`: reads the manifest (when present) and verifies
 * every file read against it, reporting byte-level progress over the whole load.
 */
import { ModelLoadError } from './errors.ts';
import { MANIFEST_FILE, type ModelManifest, manifestSchema, verifyDigest, verifyFile } from './manifest.ts';
import type { ModelSource, ReadOptions, ReadProgress } from './model-source.ts';
import { parseJsonFile } from './prompt-config.ts';

/** Options for opening a folder. */
export interface OpenFolderOptions {
  /** Fail when the folder has no `earshot-model.json` (default false: the public release has none). */
  readonly requireManifest?: boolean;
  readonly signal?: AbortSignal;
  /** Progress over all files read, in bytes; `total` is the planned total (see `ModelFolder.totalBytes`), else null. */
  readonly onProgress?: (progress: { loaded: number; total: number | null; file: string }) => void;
}

const text = new TextDecoder();

/** A model folder whose reads are verified against its manifest. */
export class ModelFolder {
  private loadedBytes = 0;
  private plannedTotal: number | null = null;
  private readonly verified = new Set<string>();

  private constructor(
    readonly source: ModelSource,
    readonly manifest: ModelManifest | null,
    private readonly options: OpenFolderOptions,
  ) {}

  /** Opens `source`, reading and validating its manifest. */
  static async open(source: ModelSource, options: OpenFolderOptions = {}): Promise<ModelFolder> {
    if (options.signal?.aborted) {
      throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', null, 'model loading was cancelled.');
    }
    let manifest: ModelManifest | null = null;
    if (await source.exists(MANIFEST_FILE)) {
      const bytes = await source.read(MANIFEST_FILE, { signal: options.signal });
      manifest = parseJsonFile(MANIFEST_FILE, text.decode(bytes), manifestSchema);
    } else if (options.requireManifest) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_FILE_MISSING',
        MANIFEST_FILE,
        `not found in ${source.location}.`,
      );
    }
    return new ModelFolder(source, manifest, options);
  }

  /**
   * Bytes the load reads in all: what was read before `plan` plus the files it announced, so
   * progress reaches 100%; null until then (never the manifest's total, which counts files a load
   * does not read: other variants, the model card).
   */
  get totalBytes(): number | null {
    return this.plannedTotal;
  }

  /** Announces the files still to be read (sizes from the manifest, else from the source when it can tell). */
  async plan(paths: readonly string[]): Promise<void> {
    let total = this.loadedBytes;
    for (const path of new Set(paths)) {
      const size =
        this.manifest?.files.find((f) => f.path === path)?.bytes ?? (await this.source.size?.(path)) ?? null;
      if (size === null) return;
      total += size;
    }
    this.plannedTotal = total;
  }

  /** Reads `path`, verifying size and SHA-256 when the manifest lists it. */
  async read(path: string): Promise<Uint8Array> {
    this.throwIfAborted();
    const base = this.loadedBytes;
    const readOptions: ReadOptions = {
      signal: this.options.signal,
      onProgress: (p: ReadProgress) =>
        this.options.onProgress?.({ loaded: base + p.loaded, total: this.totalBytes, file: p.file }),
    };
    let bytes: Uint8Array;
    try {
      bytes = await this.source.read(path, readOptions);
    } catch (error) {
      this.throwIfAborted();
      throw error;
    }
    this.loadedBytes = base + bytes.byteLength;
    this.options.onProgress?.({ loaded: this.loadedBytes, total: this.totalBytes, file: path });
    if (this.manifest?.files.some((f) => f.path === path)) await verifyFile(this.manifest, path, bytes);
    return bytes;
  }

  /**
   * A file-system path the runtime can open `path` by (verified against the manifest first, by a
   * streamed digest), or null when the source has none: then `read` the bytes.
   */
  async localPath(path: string): Promise<string | null> {
    this.throwIfAborted();
    const local = this.source.localPath?.(path) ?? null;
    if (local === null) return null;
    if (!this.verified.has(path) && this.manifest?.files.some((f) => f.path === path)) {
      if (this.source.digest === undefined) return null;
      const base = this.loadedBytes;
      const digest = await this.source.digest(path, {
        signal: this.options.signal,
        onProgress: (p: ReadProgress) =>
          this.options.onProgress?.({ loaded: base + p.loaded, total: this.totalBytes, file: p.file }),
      });
      await verifyDigest(this.manifest, path, digest);
      this.loadedBytes = base + digest.bytes;
      this.verified.add(path);
    }
    return local;
  }

  /** True when the folder has `path`. */
  exists(path: string): Promise<boolean> {
    return this.source.exists(path);
  }

  /** Reads `path` as UTF-8 text. */
  async readText(path: string): Promise<string> {
    return text.decode(await this.read(path));
  }

  private throwIfAborted(): void {
    if (this.options.signal?.aborted) {
      throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', null, 'model loading was cancelled.');
    }
  }
}
