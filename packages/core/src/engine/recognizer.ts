/**
 * The recognizer interface: what a `RealtimeSession` needs from a speech recognizer.
 * The session owns audio buffering and scheduling; a recognizer owns the model.
 */

import type { TranscriptionDelay } from '../constants.ts';

export { TRANSCRIPTION_DELAYS, type TranscriptionDelay } from '../constants.ts';

/** Options for one item's recognition. */
export interface RecognitionOptions {
  /** ISO-639-1 code to force, or `null`/absent for automatic language detection. */
  readonly language?: string | null;
  /** Free-text context (hot words, domain) passed to the model; `null`/absent for none. */
  readonly prompt?: string | null;
  /** Words or phrases to bias recognition toward (given to the model as context). */
  readonly keywords?: readonly string[] | null;
  /** Streaming latency/accuracy setting; absent: the recognizer's default. */
  readonly delay?: TranscriptionDelay;
  /** Report each text token's log-probability in `Hypothesis.logprobs`. */
  readonly logprobs?: boolean;
}

/** One text token and its log-probability (OpenAI's `LogProbProperties`). */
export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  /** UTF-8 bytes of `token`. */
  readonly bytes: number[];
}

/** One hypothesis for the item's transcript so far. */
export interface Hypothesis {
  /** The whole transcript hypothesis for the item's audio so far (raw text, not yet normalised). */
  readonly text: string;
  /**
   * How many leading characters of `text` the recognizer has fixed and will not revise
   * (e.g. text before the rollback window). Absent when the recognizer gives no such promise.
   */
  readonly stableLength?: number;
  /** Detected or forced language (ISO-639-1), when known. */
  readonly language?: string | null;
  /** Text tokens the model produced for this hypothesis, when known (for `usage`). */
  readonly outputTokens?: number;
  /** Input tokens (prompt + audio) the model consumed, when known (for `usage`). */
  readonly inputTokens?: number;
  /** The text's tokens in order with their log-probabilities, when asked for (`RecognitionOptions.logprobs`). */
  readonly logprobs?: readonly TokenLogprob[];
}

/**
 * Recognition of one item (one turn of speech). Audio arrives with `append`; the session calls
 * `update` when it is idle and new audio has arrived, and `finalize` once after the commit.
 * At most one `update`/`finalize` call is in flight at a time.
 */
export interface RecognitionStream {
  /** Appends 16 kHz mono samples in [-1, 1]. Cheap and synchronous: never decodes. */
  append(samples: Float32Array): void;
  /**
   * Decodes if the recognizer's streaming policy says a new hypothesis is due (e.g. a full new
   * chunk arrived), resolving to it; resolves to `null` when nothing is due. `signal` cancels it
   * (clear, close); `superseded` aborts when its result would be pointless (the item was
   * committed): a recognizer may then drop a decode that has not started, rejecting with its reason.
   */
  update(signal?: AbortSignal, superseded?: AbortSignal): Promise<Hypothesis | null>;
  /** Decodes all appended audio and resolves to the final hypothesis. Called once, last. */
  finalize(signal?: AbortSignal): Promise<Hypothesis>;
  /**
   * For whole clips, where no partial hypothesis is wanted: closes what is final already (e.g.
   * segments before the pauses) so the stream's window stays bounded, decoding each once. Optional;
   * a stream without it decodes everything in `finalize`.
   */
  cut?(signal?: AbortSignal): Promise<void>;
  /** Releases the stream's resources. Pending work may be abandoned; idempotent. */
  close(): void;
}

/** A speech recognizer: a loaded model that starts one stream per item. */
export interface Recognizer {
  /** The model name clients use in `audio.input.transcription.model`. */
  readonly model: string;
  /** Languages the model can transcribe (ISO-639-1), or null when it does not say. */
  readonly languages: readonly string[] | null;
  /** Starts recognition of a new item. */
  start(options: RecognitionOptions): RecognitionStream;
  /**
   * When the recognizer batches the decodes of concurrent streams: batches run so far, the
   * decodes they held, and the largest (for metrics); absent or null otherwise.
   */
  readonly batchStats?: BatchStats | null;
}

/** Counters of a batching recognizer. */
export interface BatchStats {
  readonly batches: number;
  readonly jobs: number;
  readonly largest: number;
}
