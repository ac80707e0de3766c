// Worker: the page's handle on the engine Worker, its API types, backend choice and the port server.
export { chooseBackend, detectCapabilities, wasmThreads } from './backend.ts';
export type * from './engine-api.ts';
export { createEngineWorker, LocalEngine, type LocalLoadOptions } from './local-engine.ts';
