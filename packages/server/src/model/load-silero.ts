/** Loads Silero VAD v5 on onnxruntime-node from the `@ricky0123/vad-web` package's `dist/`. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SileroVad } from '@earshot/core/engine';
import * as ort from 'onnxruntime-node';

/** Path of `silero_vad_v5.onnx` as installed with `@ricky0123/vad-web`. */
export function sileroModelPath(): string {
  const root = dirname(createRequire(import.meta.url).resolve('@ricky0123/vad-web/package.json'));
  return join(root, 'dist', 'silero_vad_v5.onnx');
}

/** Loads Silero VAD v5 (CPU, one thread: it is tiny). */
export async function loadNodeSileroVad(path = sileroModelPath()): Promise<SileroVad> {
  const bytes = new Uint8Array(await readFile(path));
  return SileroVad.load(ort, bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
}
