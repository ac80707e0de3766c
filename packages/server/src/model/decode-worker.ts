/**
 * The decode thread (a worker thread; see `DecodeThread`): loads the model's ONNX sessions and runs
 * the decodes it is sent, one request at a time as the queues on the other side send them, each
 * row with its own abort controller.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AudioDecodeJob, DecodeResult, JobOutcome, Qwen3AsrModel } from '@earshot/core/engine';
import {
  type DecodeThreadLoad,
  type FromDecodeWorker,
  type ToDecodeWorker,
  toWireError,
  type WireJob,
  type WireOutcome,
} from './decode-messages.ts';
import { loadNodeModel } from './load-node-recognizer.ts';

if (parentPort === null) throw new Error('decode-worker.ts runs as a worker thread (DecodeThread)');
const port = parentPort;
const post = (message: FromDecodeWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** Abort controllers of the rows running, by `id:row`. */
const running = new Map<string, AbortController>();

/** The model, or null when it did not load (said to the other side, and the thread ends). */
async function load(): Promise<Qwen3AsrModel | null> {
  try {
    return await loadNodeModel({
      ...(workerData as DecodeThreadLoad),
      onProgress: (progress) => post({ type: 'progress', ...progress }),
    });
  } catch (error) {
    post({ type: 'failed', error: toWireError(error) });
    port.close();
    return null;
  }
}

const loaded = await load();
if (loaded !== null) {
  port.on('message', (message: ToDecodeWorker) => {
    if (message.type === 'abort') running.get(`${message.id}:${message.row}`)?.abort(new Error('aborted'));
    else void decode(loaded, message.id, message.batch, message.jobs);
  });
  post({ type: 'ready', batched: loaded.batch !== null });
}

async function decode(
  asr: Qwen3AsrModel,
  id: number,
  batch: boolean,
  wire: readonly WireJob[],
): Promise<void> {
  const jobs = wire.map((job, row) => {
    const controller = new AbortController();
    running.set(`${id}:${row}`, controller);
    return { ...job, signal: controller.signal };
  });
  let outcomes: readonly JobOutcome<DecodeResult>[];
  try {
    outcomes =
      batch && asr.batch !== null
        ? await asr.batch.decode(jobs)
        : [await settle(asr.decodeAlone(jobs[0] as AudioDecodeJob))];
  } catch (error) {
    outcomes = jobs.map(() => ({ ok: false, error }));
  } finally {
    for (let row = 0; row < jobs.length; row++) running.delete(`${id}:${row}`);
  }
  // The results' arrays are this thread's own: moved, not copied.
  const transfer = new Set<ArrayBuffer>();
  const sent: WireOutcome[] = outcomes.map((outcome) => {
    if (!outcome.ok) return { ok: false, error: toWireError(outcome.error) };
    const { buffer } = outcome.result.firstLogits;
    if (buffer instanceof ArrayBuffer) transfer.add(buffer);
    return outcome;
  });
  try {
    post({ type: 'done', id, outcomes: sent }, [...transfer]);
  } catch {
    post({ type: 'done', id, outcomes: sent }); // a buffer that cannot move is copied
  }
}

async function settle(decoding: Promise<DecodeResult>): Promise<JobOutcome<DecodeResult>> {
  try {
    return { ok: true, result: await decoding };
  } catch (error) {
    return { ok: false, error };
  }
}
