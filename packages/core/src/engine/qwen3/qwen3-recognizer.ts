/**
 * `Qwen3Recognizer`: the `Recognizer` over a loaded `Qwen3AsrModel`. One model instance serves any
 * number of sessions; each stream's decodes run in order, and the streams with work take turns,
 * so a stream with many decodes due (a long file, a huge append cut into segments) delays another
 * stream's decode by at most one decode, and every decode sees at most `maxWindowSeconds` of audio.
 * With `batch` and a model loaded with its batched graphs, the decodes due in different streams
 * run together, one row each, in one ONNX Runtime call per stage (`BatchQueue`, `BatchDecoder`),
 * final decodes (after a commit) first and alone, then the partial decodes of items with no text
 * out yet; otherwise one at a time (`FairQueue`).
 */

import { BatchQueue, type BatchQueueOptions } from '../batch-queue.ts';
import { FairQueue } from '../fair-queue.ts';
import type { BatchStats, Hypothesis, RecognitionOptions, Recognizer } from '../recognizer.ts';
import { transcribeClip } from '../transcribe-clip.ts';
import { type DecodeBackend, localBackend } from './decode-backend.ts';
import { Qwen3AsrModel, type Qwen3ModelDescription } from './qwen3-model.ts';
import {
  DEFAULT_STREAMING_POLICY,
  Qwen3Stream,
  STREAM_PRIORITY,
  STREAMING_DELAYS,
  type StreamingPolicy,
  type WindowDecoder,
} from './qwen3-stream.ts';

/** Options of the recognizer. */
export interface Qwen3RecognizerOptions {
  /** Name clients use in `transcription.model`; default the model's name. */
  readonly name?: string;
  /** Streaming settings; absent fields take `DEFAULT_STREAMING_POLICY`. */
  readonly policy?: Partial<StreamingPolicy>;
  /**
   * Cross-session batching (used when the model was loaded with `batching` and has the graphs):
   * the most decodes in one batch, and how long the first decode of an idle model waits for others.
   */
  readonly batch?: BatchQueueOptions;
}

export class Qwen3Recognizer<M extends Qwen3ModelDescription = Qwen3AsrModel> implements Recognizer {
  readonly model: string;
  readonly languages: readonly string[] | null;
  private readonly queue: DecodeQueue;
  private readonly policy: StreamingPolicy;
  /** The model streams are made for (a `Qwen3AsrModel` when it decodes in this thread). */
  readonly asr: M;

  /** A recognizer decoding on `asr`, in this thread. */
  constructor(asr: M & Qwen3AsrModel, options?: Qwen3RecognizerOptions);
  /** A recognizer for the model `asr` describes, its decodes run by `backend` (e.g. on a worker thread). */
  constructor(asr: M, options: Qwen3RecognizerOptions, backend: DecodeBackend);
  constructor(asr: M, options: Qwen3RecognizerOptions = {}, backend?: DecodeBackend) {
    this.asr = asr;
    this.model = options.name ?? asr.name;
    const languages = Object.keys(asr.config.language_prefix_ids);
    this.languages = languages.length > 0 ? languages : null;
    this.policy = { ...DEFAULT_STREAMING_POLICY, ...options.policy };
    const decodes = backend ?? (asr instanceof Qwen3AsrModel ? localBackend(asr) : null);
    if (decodes === null) throw new TypeError('a model description needs a DecodeBackend to run its decodes');
    this.queue = chooseQueue(decodes, options.batch);
  }

  /** Whether decodes of different streams run in batches. */
  get batching(): boolean {
    return this.queue instanceof BatchQueue;
  }

  /** Batches run, decodes they held and the largest, when batching (else null). */
  get batchStats(): BatchStats | null {
    return this.queue instanceof BatchQueue ? { ...this.queue.stats } : null;
  }

  /** Decodes waiting or running (for metrics). */
  get queueDepth(): number {
    return this.queue.depth;
  }

  /** A stream for one item; `options.delay` sets its chunk, rollback and unfixed decodes. */
  start(options: RecognitionOptions): Qwen3Stream {
    const policy =
      options.delay === undefined ? this.policy : { ...this.policy, ...STREAMING_DELAYS[options.delay] };
    const queue = this.queue;
    return new Qwen3Stream(this.asr, queue.lane(), options, policy, () => queue.waiting === 0);
  }

  /** Transcribes a whole 16 kHz clip (see `transcribeClip`); resolves to the final hypothesis with normalised text. */
  async transcribe(
    samples: Float32Array,
    options: RecognitionOptions = {},
    signal?: AbortSignal,
  ): Promise<Hypothesis> {
    const { text, hypothesis } = await transcribeClip(this, samples, {
      ...options,
      ...(signal ? { signal } : {}),
    });
    return { ...hypothesis, text };
  }
}

/** Where the streams' decodes wait for the model: decodes queued or running, those not running yet, a lane per stream. */
interface DecodeQueue {
  readonly depth: number;
  readonly waiting: number;
  lane(): WindowDecoder;
}

/** The batch queue when the model has its batched graphs and batches of 2 or more are asked for; else the fair queue. */
function chooseQueue(backend: DecodeBackend, batch: BatchQueueOptions | undefined): DecodeQueue {
  const decodeBatch = backend.decodeBatch;
  if (decodeBatch !== null && batch !== undefined && batch.maxBatch > 1) {
    return new BatchQueue(decodeBatch, {
      ...batch,
      priority: (job) => job.priority ?? STREAM_PRIORITY.partial,
      signals: (job) => [job.signal],
      superseded: (job) => job.withdraw,
    });
  }
  const fair = new FairQueue();
  return {
    get depth() {
      return fair.depth;
    },
    get waiting() {
      return fair.waiting;
    },
    lane() {
      const run = fair.lane();
      return (job) => run(() => backend.decodeAlone(job));
    },
  };
}
