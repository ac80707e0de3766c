/** The engine's module Web Worker entry: exposes `EngineWorker` to the page with comlink. */
import { expose } from 'comlink';
import { EngineWorker } from './engine-worker.ts';

// onnxruntime-web starts its WASM threads as Workers on its own module; never serve the API there.
if (!(globalThis as { name?: string }).name?.startsWith('em-pthread')) {
  expose(new EngineWorker());
}
