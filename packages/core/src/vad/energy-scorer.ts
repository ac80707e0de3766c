import { MODEL_SAMPLE_RATE } from '../constants.ts';
import type { SpeechScorer } from './types.ts';

/** Options of the energy scorer (levels in dBFS). */
export interface EnergyScorerOptions {
  /** Frame length, in samples at 16 kHz; default 480 (30 ms). */
  readonly frameSamples?: number;
  /** Starting (and lowest) noise floor, in dBFS; default −60. */
  readonly floorDb?: number;
  /** Level above the noise floor, in dB, that scores 0.5; default 15. */
  readonly marginDb?: number;
  /** How fast the floor rises through speech, in dB per second; default 3. */
  readonly riseDbPerSecond?: number;
}

/**
 * An energy-based speech scorer: frame RMS against an adaptive noise floor (follows quiet frames
 * at once, rises slowly through speech), mapped to a probability with a logistic curve. The
 * fallback when no model VAD is loaded.
 */
export class EnergySpeechScorer implements SpeechScorer {
  readonly frameSamples: number;
  private readonly minFloor: number;
  private readonly margin: number;
  private readonly risePerFrame: number;
  private floor: number;

  constructor(options: EnergyScorerOptions = {}) {
    this.frameSamples = options.frameSamples ?? 480;
    this.minFloor = options.floorDb ?? -60;
    this.margin = options.marginDb ?? 15;
    this.risePerFrame = ((options.riseDbPerSecond ?? 3) * this.frameSamples) / MODEL_SAMPLE_RATE;
    this.floor = this.minFloor;
  }

  score(frame: Float32Array): number {
    let energy = 0;
    for (let i = 0; i < frame.length; i++) {
      const s = frame[i] ?? 0;
      energy += s * s;
    }
    const db = 10 * Math.log10(energy / Math.max(1, frame.length) + 1e-12);
    const probability = 1 / (1 + Math.exp(-(db - this.floor - this.margin) / 3));
    this.floor = db < this.floor ? Math.max(db, this.minFloor) : this.floor + this.risePerFrame;
    return probability;
  }

  reset(): void {
    this.floor = this.minFloor;
  }
}
