/**
 * The shipped model folder agrees with its manifest: every file listed with its real size and
 * SHA-256, and every file of the folder listed (a stale entry fails verified loads in the page).
 * After editing MODEL_CARD.md: `/usr/bin/python3 training/manifest.py --model models/earshot-tiny-en --refresh`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '@earshot/core/model';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_MODEL_DIR } from '../../src/index.ts';
import { MODEL_MISSING, MODEL_READY } from '../support/model.ts';

describe.skipIf(!MODEL_READY)('the embedded model manifest', () => {
  it('lists every file of the folder with its size and SHA-256', () => {
    const manifest = JSON.parse(readFileSync(join(EMBEDDED_MODEL_DIR, MANIFEST_FILE), 'utf8')) as {
      files: Array<{ path: string; bytes: number; sha256: string }>;
    };
    const onDisk = readdirSync(EMBEDDED_MODEL_DIR).filter((f) => f !== MANIFEST_FILE && !f.startsWith('.'));
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk.sort());
    for (const file of manifest.files) {
      const bytes = readFileSync(join(EMBEDDED_MODEL_DIR, file.path));
      expect({
        path: file.path,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      }).toEqual(file);
    }
  });
});

describe.skipIf(MODEL_READY)('the embedded model manifest', () => {
  it.skip(MODEL_MISSING, () => {});
});
