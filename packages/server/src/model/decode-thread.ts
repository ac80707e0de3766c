/**
 * `DecodeThread`: the model's decodes on a worker thread (`decode-worker.ts`), as the
 * `DecodeBackend` of the recognizer that serves the sessions. onnxruntime-node's `run` is
 * synchronous: on the thread that serves the sessions, every model call would hold up their I/O
 * (appends, resampling, events) and that work would hold up the model. Here the two overlap.
 *
 * Each request crosses as one message (a job or a batch, their log-mel copied), an abort as its
 * own message (the row stops at its next step, as in this thread). If the worker dies (a native
 * crash, out of memory), the requests it held fail, each as its session's decode error, and a new
 * worker is started for the next ones; other sessions go on.
 */
import { Worker } from 'node:worker_threads';
import {
  type AudioDecodeJob,
  type DecodeBackend,
  type DecodeResult,
  type JobOutcome,
  Qwen3AsrModel,
  type Qwen3ModelDescription,
  Qwen3Recognizer,
} from '@earshot/core/engine';
import {
  type DecodeThreadLoad,
  type FromDecodeWorker,
  fromWireError,
  type ToDecodeWorker,
  type WireJob,
} from './decode-messages.ts';
import { FsModelSource } from './fs-model-source.ts';
import { EMBEDDED_MODEL_DIR, type NodeRecognizerOptions } from './load-node-recognizer.ts';

const ENTRY = new URL('../../bin/decode-thread.mjs', import.meta.url);

/** What a `DecodeThread` reports besides its decodes. */
export interface DecodeThreadEvents {
  /** A worker died (`exitCode`) and a new one is loading; `restarts` counts them. */
  readonly onRestart?: (info: { readonly exitCode: number; readonly restarts: number }) => void;
}

interface Request {
  readonly jobs: readonly AudioDecodeJob[];
  readonly resolve: (outcomes: readonly JobOutcome<DecodeResult>[]) => void;
  readonly forget: () => void;
}

export class DecodeThread implements DecodeBackend {
  private worker: Worker;
  /** Resolves once the current worker has loaded the model. */
  private ready: Promise<void>;
  private readonly requests = new Map<number, Request>();
  private nextId = 0;
  private closed = false;
  /** Workers started after one died. */
  restarts = 0;
  readonly decodeBatch: DecodeBackend['decodeBatch'];

  private constructor(
    private readonly load: DecodeThreadLoad,
    started: { worker: Worker; batched: boolean },
    private readonly onRestart: DecodeThreadEvents['onRestart'],
  ) {
    this.worker = started.worker;
    this.ready = Promise.resolve();
    this.watch(this.worker);
    this.decodeBatch = started.batched ? (jobs) => this.request(jobs, true) : null;
  }

  /** Starts the worker and waits for its model (rejects with the load's error, e.g. a `ModelLoadError`). */
  static async start(
    options: NodeRecognizerOptions = {},
    events: DecodeThreadEvents = {},
  ): Promise<DecodeThread> {
    const load: DecodeThreadLoad = {
      folder: options.folder,
      device: options.device,
      threads: options.threads,
      threadSpinning: options.threadSpinning,
      variant: options.variant,
      maxNewTokens: options.maxNewTokens,
      batch: options.batch,
    };
    return new DecodeThread(load, await spawn(load, options.onProgress), events.onRestart);
  }

  async decodeAlone(job: AudioDecodeJob): Promise<DecodeResult> {
    const [outcome] = await this.request([job], false);
    if (outcome === undefined) throw new Error('decode thread: no outcome');
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** Stops the worker; decodes still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    this.failAll(new Error('decode thread closed'));
  }

  private async request(
    jobs: readonly AudioDecodeJob[],
    batch: boolean,
  ): Promise<readonly JobOutcome<DecodeResult>[]> {
    await this.ready;
    if (this.closed) throw new Error('decode thread closed');
    const id = this.nextId++;
    const worker = this.worker;
    const wire: WireJob[] = jobs.map(({ signal: _signal, withdraw: _withdraw, ...job }) => job);
    let unlisten: (() => void)[] = [];
    const outcomes = new Promise<readonly JobOutcome<DecodeResult>[]>((resolve) => {
      const forget = () => {
        for (const stop of unlisten) stop();
      };
      this.requests.set(id, { jobs, resolve, forget });
    });
    worker.postMessage({ type: 'decode', id, batch, jobs: wire } satisfies ToDecodeWorker);
    // After the request, so that the worker knows the row: an abort before or while it runs stops it.
    unlisten = jobs.map((job, row) => {
      const signal = job.signal;
      if (signal === undefined) return () => {};
      const abort = () => worker.postMessage({ type: 'abort', id, row } satisfies ToDecodeWorker);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      return () => signal.removeEventListener('abort', abort);
    });
    return outcomes;
  }

  private watch(worker: Worker): void {
    worker.on('message', (message: FromDecodeWorker) => {
      if (message.type !== 'done') return; // load progress ends at 'ready' (see `spawn`)
      const request = this.requests.get(message.id);
      if (request === undefined) return;
      this.requests.delete(message.id);
      request.forget();
      request.resolve(
        message.outcomes.map((outcome, row) => {
          if (outcome.ok) return outcome;
          // An aborted row fails with its signal's reason, as decoding in this thread does.
          const signal = request.jobs[row]?.signal;
          return {
            ok: false,
            error: signal?.aborted ? (signal.reason ?? new Error('aborted')) : fromWireError(outcome.error),
          };
        }),
      );
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker || this.closed) return;
      this.failAll(new Error(`decode thread stopped (exit code ${code}); decoding goes on in a new one`));
      this.restarts++;
      this.onRestart?.({ exitCode: code, restarts: this.restarts });
      this.ready = spawn(this.load, undefined).then(
        (started) => {
          this.worker = started.worker;
          this.watch(started.worker);
        },
        (error: unknown) => {
          this.closed = true;
          throw error;
        },
      );
      this.ready.catch(() => {});
    });
  }

  private failAll(error: Error): void {
    for (const [id, request] of this.requests) {
      this.requests.delete(id);
      request.forget();
      request.resolve(request.jobs.map(() => ({ ok: false, error })));
    }
  }
}

/** Starts a worker and waits for its `ready` (or its load error). */
function spawn(
  load: DecodeThreadLoad,
  onProgress: NodeRecognizerOptions['onProgress'],
): Promise<{ worker: Worker; batched: boolean }> {
  const worker = new Worker(ENTRY, { workerData: load });
  worker.on('error', () => {}); // every end is handled through 'exit' (and 'failed' before it)
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromDecodeWorker) => {
      if (message.type === 'progress') onProgress?.(message);
      else if (message.type === 'ready') done(() => resolve({ worker, batched: message.batched }));
      else if (message.type === 'failed') done(() => reject(fromWireError(message.error)));
    };
    const onExit = (code: number) =>
      done(() => reject(new Error(`decode thread exited (code ${code}) while loading`)));
    const onError = (error: Error) => done(() => reject(error));
    const done = (settle: () => void) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      worker.off('error', onError);
      settle();
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.on('error', onError);
  });
}

/**
 * A recognizer whose decodes run on a `DecodeThread`: this thread keeps the model's description
 * (tokenizer, prompt config, front end) and the streams; `thread.close()` stops the worker.
 */
export async function loadThreadedRecognizer(
  options: NodeRecognizerOptions = {},
  events: DecodeThreadEvents = {},
): Promise<{ recognizer: Qwen3Recognizer<Qwen3ModelDescription>; thread: DecodeThread }> {
  const thread = await DecodeThread.start(options, events);
  try {
    const description = await Qwen3AsrModel.describe({
      source: new FsModelSource(options.folder ?? EMBEDDED_MODEL_DIR),
      variant: options.variant,
      maxNewTokens: options.maxNewTokens,
    });
    return { recognizer: new Qwen3Recognizer(description, options, thread), thread };
  } catch (error) {
    await thread.close();
    throw error;
  }
}
