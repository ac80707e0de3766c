/** Voice activity detection: a frame scorer (energy, or a model such as Silero) and its segmenter. */

/** Scores fixed-size frames of 16 kHz audio with a speech probability in [0, 1]. */
export interface SpeechScorer {
  /** Frame length, in samples at 16 kHz. */
  readonly frameSamples: number;
  /** Speech probability of one frame of exactly `frameSamples` samples. */
  score(frame: Float32Array): number | Promise<number>;
  /** Forgets all state (noise floor, recurrent state). */
  reset(): void;
}

/** Turn-detection settings, as in `server_vad` (times in ms). */
export interface VadSettings {
  /** Probability at or above which a frame counts as speech (OpenAI's `threshold`, default 0.5). */
  readonly threshold: number;
  /** Silence, in ms, that ends a turn (OpenAI's `silence_duration_ms`). */
  readonly silenceDurationMs: number;
  /** Speech, in ms, needed before a turn starts (guards against clicks); default 60. */
  readonly minSpeechMs?: number;
}

/** A turn boundary, at a sample index (16 kHz) counted from the start of the stream. */
export interface VadEvent {
  readonly type: 'speech_start' | 'speech_end';
  /** Where speech started, or where the last speech frame ended. */
  readonly sample: number;
  /** Where the boundary was decided (end of the frame that decided it); `sample` ≤ `detectedAt`. */
  readonly detectedAt: number;
}
