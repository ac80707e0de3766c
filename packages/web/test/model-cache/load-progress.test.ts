import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Qwen3AsrModel } from '@earshot/core/engine';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../src/model-cache/byte-store.ts';
import { CachedModelSource } from '../../src/model-cache/cached-model-source.ts';
import { fakeModelServer } from './fake-server.ts';

const BASE = 'https://models.example/earshot-tiny-en/';
const FOLDER = join(import.meta.dirname, '../../../../models/earshot-tiny-en');

/** The embedded model's files (its own manifest is rebuilt by the fake server from them). */
function embeddedFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(FOLDER))
    if (name !== 'earshot-model.json') files[name] = new Uint8Array(readFileSync(join(FOLDER, name)));
  return files;
}

describe('model load progress over CachedModelSource', () => {
  it.each(['q4', 'fp32'])(
    '%s: totals count only the files the variant fetches, and progress reaches them',
    async (variant) => {
      const files = embeddedFiles();
      const server = await fakeModelServer(BASE, files);
      const source = new CachedModelSource(BASE, { store: new MemoryByteStore(), fetch: server.fetch });
      const progress: Array<{ loaded: number; total: number | null }> = [];
      const model = await Qwen3AsrModel.load({
        ort,
        source,
        variant,
        onProgress: (p) => progress.push({ loaded: p.loaded, total: p.total }),
      });
      await model.release();
      const fetched = server.requests
        .map((r) => r.split(' ')[1]?.slice(BASE.length) ?? '')
        .filter((path) => path !== 'earshot-model.json');
      const fetchedBytes = fetched.reduce((n, path) => n + (files[path]?.byteLength ?? 0), 0);
      const allBytes = Object.values(files).reduce((n, f) => n + f.byteLength, 0);
      expect(fetchedBytes).toBeLessThan(allBytes); // the folder holds the other variant's files too
      const totals = new Set(progress.map((p) => p.total).filter((t) => t !== null));
      expect([...totals]).toEqual([fetchedBytes]);
      expect(progress.at(-1)).toEqual({ loaded: fetchedBytes, total: fetchedBytes });
      expect(progress.every((p, i) => i === 0 || p.loaded >= (progress[i - 1]?.loaded ?? 0))).toBe(true);
    },
  );
});
