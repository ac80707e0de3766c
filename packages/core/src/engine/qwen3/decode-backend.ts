/**
 * Where a recognizer's decodes run. By default on the model loaded in the same thread; a host can
 * run them elsewhere — `earshot serve` runs them on a worker thread, since onnxruntime-node's
 * `run` blocks the thread that calls it, and the sessions' I/O should not wait behind the model.
 */
import type { BatchRunner } from '../batch-queue.ts';
import type { AudioDecodeJob } from './batch-decoder.ts';
import type { DecodeResult, Qwen3AsrModel } from './qwen3-model.ts';

export interface DecodeBackend {
  /** Decodes one window alone (the serial queue). */
  readonly decodeAlone: (job: AudioDecodeJob) => Promise<DecodeResult>;
  /** Decodes windows of several streams in one batch, one outcome each; null without batched graphs. */
  readonly decodeBatch: BatchRunner<AudioDecodeJob, DecodeResult> | null;
}

/** The decodes of `asr`, in this thread. */
export function localBackend(asr: Qwen3AsrModel): DecodeBackend {
  const batch = asr.batch;
  return {
    decodeAlone: (job) => asr.decodeAlone(job),
    decodeBatch: batch === null ? null : (jobs) => batch.decode(jobs),
  };
}
