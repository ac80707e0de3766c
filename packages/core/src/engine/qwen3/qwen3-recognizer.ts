/**
 * `Qwen3Recognizer`: the `Recognizer` over a loaded `Qwen3AsrModel`. One model instance serves any
 * number of sessions; their decodes run one at a time, each stream's in order, and the streams
 * with work take turns (`FairQueue`), so a stream with many decodes due (a long file, a huge
 * append cut into segments) delays another stream's decode by at most one decode, and every
 * decode sees at most `maxWindowSeconds` of audio.
 */

import { FairQueue } from '../fair-queue.ts';
import type { Hypothesis, RecognitionOptions, Recognizer } from '../recognizer.ts';
import { transcribeClip } from '../transcribe-clip.ts';
import type { Qwen3AsrModel } from './qwen3-model.ts';
import {
  DEFAULT_STREAMING_POLICY,
  Qwen3Stream,
  STREAMING_DELAYS,
  type StreamingPolicy,
} from './qwen3-stream.ts';

/** Options of the recognizer. */
export interface Qwen3RecognizerOptions {
  /** Name clients use in `transcription.model`; default the model's name. */
  readonly name?: string;
  /** Streaming settings; absent fields take `DEFAULT_STREAMING_POLICY`. */
  readonly policy?: Partial<StreamingPolicy>;
}

export class Qwen3Recognizer implements Recognizer {
  readonly model: string;
  readonly languages: readonly string[] | null;
  private readonly queue = new FairQueue();
  private readonly policy: StreamingPolicy;

  constructor(
    readonly asr: Qwen3AsrModel,
    options: Qwen3RecognizerOptions = {},
  ) {
    this.model = options.name ?? asr.name;
    const languages = Object.keys(asr.config.language_prefix_ids);
    this.languages = languages.length > 0 ? languages : null;
    this.policy = { ...DEFAULT_STREAMING_POLICY, ...options.policy };
  }

  /** Decodes waiting or running (for metrics). */
  get queueDepth(): number {
    return this.queue.depth;
  }

  /** A stream for one item; `options.delay` sets its chunk, rollback and unfixed decodes. */
  start(options: RecognitionOptions): Qwen3Stream {
    const policy =
      options.delay === undefined ? this.policy : { ...this.policy, ...STREAMING_DELAYS[options.delay] };
    return new Qwen3Stream(this.asr, this.queue.lane(), options, policy);
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
