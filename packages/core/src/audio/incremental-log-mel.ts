/**
 * Log-mel spectrograms of a signal that grows: the streaming engine re-decodes its window every
 * chunk, and recomputing the whole window's spectrogram each time cost more CPU than the new audio
 * (a 0.5 s chunk of a 4 s window: 8× the frames). Frames whose STFT window lies inside the samples
 * already seen never change, so they are kept; only the frames near the end and the final
 * clamp and scaling (over the whole spectrogram, as the reference does) are redone. The result is
 * bit for bit `logMelSpectrogram`'s.
 */
import {
  DEFAULT_MEL_CONFIG,
  finishLogMel,
  type LogMelSpectrogram,
  logMelFrameCount,
  type MelConfig,
  rawLogMelFrames,
} from './log-mel.ts';

export class IncrementalLogMel {
  /** Raw log10 mel frames, frame-major (see `rawLogMelFrames`). */
  private raw = new Float32Array(0);
  /** Position, in the caller's sample positions, of the signal the frames were computed for. */
  private start = Number.NaN;
  /** Leading frames of `raw` that stay valid for every continuation of that signal. */
  private stable = 0;

  constructor(
    private readonly config: MelConfig = DEFAULT_MEL_CONFIG,
    private readonly filters?: Float32Array,
  ) {}

  /**
   * The spectrogram of `samples`, the signal from position `start` on (any numbering the caller
   * likes, e.g. samples since the stream began). The caller promises that the sample at a
   * position never changes: calls with the same `start` pass the same signal, longer or shorter.
   * Another `start` starts over.
   */
  compute(samples: Float32Array, start: number): LogMelSpectrogram {
    const { nMels } = this.config;
    const frames = logMelFrameCount(samples.length, this.config);
    if (start !== this.start) {
      this.start = start;
      this.stable = 0;
    }
    const settled = Math.min(frames, this.settledFrames(samples.length));
    const reuse = Math.min(this.stable, settled);
    if (this.raw.length < frames * nMels) {
      const grown = new Float32Array(Math.max(frames * nMels, this.raw.length * 2));
      grown.set(this.raw.subarray(0, reuse * nMels));
      this.raw = grown;
    }
    rawLogMelFrames(samples, this.config, this.filters, reuse, frames, this.raw);
    // Frames past `settled` were computed against this signal's end, and may have overwritten frames
    // a longer signal had settled: only the first `settled` are kept.
    this.stable = settled;
    return finishLogMel(this.raw, frames, nMels);
  }

  /** Forgets the frames (and their memory). */
  reset(): void {
    this.raw = new Float32Array(0);
    this.start = Number.NaN;
    this.stable = 0;
  }

  /** Frames of a signal of `length` samples whose STFT window ends within it. */
  private settledFrames(length: number): number {
    const pad = this.config.nFft / 2;
    return length < pad ? 0 : Math.floor((length - pad) / this.config.hopLength) + 1;
  }
}
