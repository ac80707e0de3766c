// The decode thread's entry (a worker thread started by src/model/decode-thread.ts): the model's
// decodes, off the thread that serves the sessions. Runs src/model/decode-worker.ts as the
// `earshot` command runs its sources (see source-hooks.mjs).
import { runEntry } from './source-hooks.mjs';

await runEntry('model/decode-worker');
