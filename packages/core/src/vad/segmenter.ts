import type { SpeechScorer, VadEvent, VadSettings } from './types.ts';

const SAMPLES_PER_MS = 16;

/**
 * Turns a stream of 16 kHz audio into speech start/end events with hysteresis: a turn starts
 * after `minSpeechMs` of speech frames and ends after `silenceDurationMs` without one. Works with
 * any `SpeechScorer`; chunking of the input does not change the events.
 */
export class VadSegmenter {
  private readonly pending: Float32Array;
  private pendingLength = 0;
  private position = 0;
  private inSpeech = false;
  private speechRun = 0;
  private runStart = 0;
  private lastSpeechEnd = 0;

  constructor(
    private readonly scorer: SpeechScorer,
    private settings: VadSettings,
  ) {
    this.pending = new Float32Array(scorer.frameSamples);
  }

  /** True while inside a turn. */
  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Replaces the settings (from a `session.update`); state is kept. */
  configure(settings: VadSettings): void {
    this.settings = settings;
  }

  /** Feeds samples and resolves to the boundaries they complete, in order. */
  async process(samples: Float32Array): Promise<VadEvent[]> {
    const events: VadEvent[] = [];
    const size = this.scorer.frameSamples;
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(size - this.pendingLength, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      if (this.pendingLength < size) break;
      this.pendingLength = 0;
      const scored = this.scorer.score(this.pending);
      const probability = typeof scored === 'number' ? scored : await scored;
      this.step(probability >= this.settings.threshold, events);
      this.position += size;
    }
    return events;
  }

  /** Forgets the current turn and all partial frames. */
  reset(): void {
    this.scorer.reset();
    this.pendingLength = 0;
    this.inSpeech = false;
    this.speechRun = 0;
  }

  private step(isSpeech: boolean, events: VadEvent[]): void {
    const size = this.scorer.frameSamples;
    const frameEnd = this.position + size;
    if (isSpeech) {
      if (this.speechRun === 0) this.runStart = this.position;
      this.speechRun += size;
      this.lastSpeechEnd = frameEnd;
      const minSpeech = (this.settings.minSpeechMs ?? 60) * SAMPLES_PER_MS;
      if (!this.inSpeech && this.speechRun >= minSpeech) {
        this.inSpeech = true;
        events.push({ type: 'speech_start', sample: this.runStart, detectedAt: frameEnd });
      }
      return;
    }
    this.speechRun = 0;
    if (this.inSpeech && frameEnd - this.lastSpeechEnd >= this.settings.silenceDurationMs * SAMPLES_PER_MS) {
      this.inSpeech = false;
      events.push({ type: 'speech_end', sample: this.lastSpeechEnd, detectedAt: frameEnd });
    }
  }
}
