/**
 * Server VAD for a session: runs the segmenter over the session's 16 kHz audio, counts stream
 * time, and holds the audio heard outside a turn — the input buffer as OpenAI defines it: a turn
 * the VAD detects starts `prefix_padding_ms` before the speech (older audio is dropped then), and
 * a client's commit with no turn open takes all of it (up to the buffer cap).
 */
import type { ServerVadConfig } from '../protocol/session-object.ts';
import { EnergySpeechScorer } from '../vad/energy-scorer.ts';
import { VadSegmenter } from '../vad/segmenter.ts';
import type { SpeechScorer, VadEvent } from '../vad/types.ts';

interface HeldChunk {
  readonly start: number;
  readonly samples: Float32Array;
  readonly ms: number;
}

export class TurnDetector {
  private segmenter: VadSegmenter | null = null;
  private held: HeldChunk[] = [];
  private heldSamples = 0;
  private processed = 0;

  /** `maxHoldSamples`: most audio held outside a turn (the input buffer cap); older audio is dropped. */
  constructor(
    private readonly makeScorer: (() => SpeechScorer) | undefined,
    config: ServerVadConfig | null,
    private readonly maxHoldSamples = Number.POSITIVE_INFINITY,
  ) {
    this.configure(config);
  }

  /** True when server VAD is on. */
  get enabled(): boolean {
    return this.segmenter !== null;
  }

  /** True while the VAD is inside a turn. */
  get speaking(): boolean {
    return this.segmenter?.speaking ?? false;
  }

  /** Samples (16 kHz) of audio processed since the session began. */
  get position(): number {
    return this.processed;
  }

  /** Applies a new `turn_detection` (null turns VAD off). */
  configure(config: ServerVadConfig | null): void {
    if (config === null) {
      this.segmenter = null;
      this.held = [];
      this.heldSamples = 0;
      return;
    }
    const settings = { threshold: config.threshold, silenceDurationMs: config.silence_duration_ms };
    if (this.segmenter === null) {
      this.segmenter = new VadSegmenter((this.makeScorer ?? (() => new EnergySpeechScorer()))(), settings);
    } else {
      this.segmenter.configure(settings);
    }
  }

  /** Runs VAD over the next samples; resolves to the boundaries they complete (none when VAD is off). */
  async process(samples: Float32Array): Promise<VadEvent[]> {
    const events = this.segmenter === null ? [] : await this.segmenter.process(samples);
    this.processed += samples.length;
    return events;
  }

  /**
   * Holds audio heard outside a turn: `samples` start at stream sample `start` (by default they
   * are the last part of what was processed).
   */
  remember(samples: Float32Array, ms: number, start = this.processed - samples.length): void {
    if (samples.length === 0) return;
    this.held.push({ start, samples: samples.slice(), ms });
    this.heldSamples += samples.length;
    while (
      this.held.length > 1 &&
      this.heldSamples - (this.held[0]?.samples.length ?? 0) >= this.maxHoldSamples
    ) {
      this.heldSamples -= this.held.shift()?.samples.length ?? 0;
    }
  }

  /** Takes the held audio from stream sample `from` on, and forgets all held audio. */
  recall(from: number): { samples: Float32Array; ms: number; startSample: number } {
    const parts: Float32Array[] = [];
    let ms = 0;
    let startSample = -1;
    for (const chunk of this.held) {
      const skip = Math.max(0, Math.min(chunk.samples.length, from - chunk.start));
      if (skip >= chunk.samples.length) continue;
      if (startSample < 0) startSample = chunk.start + skip;
      parts.push(chunk.samples.subarray(skip));
      ms += (chunk.ms * (chunk.samples.length - skip)) / chunk.samples.length;
    }
    this.held = [];
    this.heldSamples = 0;
    const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    return { samples, ms, startSample: startSample < 0 ? Math.max(0, from) : startSample };
  }

  /** Forgets held audio and the current turn (on `input_audio_buffer.clear`). */
  reset(): void {
    this.held = [];
    this.heldSamples = 0;
    this.segmenter?.reset();
  }
}
