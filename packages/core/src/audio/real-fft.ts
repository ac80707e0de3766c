/**
 * Real-input FFT of even size n through one complex FFT of size n/2 (even samples as the real part,
 * odd samples as the imaginary part) and a split step.
 */

import { ComplexFft } from './fft.ts';

/** A forward DFT of real input of a fixed even size `n`, returning bins 0…n/2. */
export class RealFft {
  /** Transform length, in samples (even). */
  readonly size: number;
  /** Output bins per transform: size/2 + 1. */
  readonly bins: number;
  private readonly half: ComplexFft;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  private readonly binsRe: Float64Array;
  private readonly binsIm: Float64Array;

  /** Precomputes twiddles for transforms of `size` samples (an even integer ≥ 2). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) {
      throw new RangeError('RealFft size must be an even integer >= 2');
    }
    this.size = size;
    const h = size / 2;
    this.bins = h + 1;
    this.half = new ComplexFft(h);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    this.wRe = new Float64Array(h + 1);
    this.wIm = new Float64Array(h + 1);
    this.binsRe = new Float64Array(h + 1);
    this.binsIm = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      const angle = (-2 * Math.PI * k) / size;
      this.wRe[k] = Math.cos(angle);
      this.wIm[k] = Math.sin(angle);
    }
  }

  /**
   * Transforms `input[offset … offset+size)`, multiplied sample by sample by `window` when given,
   * into `outRe`/`outIm` (each at least `bins` long).
   */
  forward(
    input: ArrayLike<number>,
    outRe: Float64Array,
    outIm: Float64Array,
    window?: Float64Array,
    offset = 0,
  ): void {
    this.load(input, window, offset);
    const h = this.size / 2;
    const zr = this.zRe;
    const zi = this.zIm;
    const wr = this.wRe;
    const wi = this.wIm;
    for (let k = 0; k <= h; k++) {
      const a = k === h ? 0 : k;
      const b = k === 0 ? 0 : h - k;
      const ar = zr[a] as number;
      const ai = zi[a] as number;
      const br = zr[b] as number;
      const bi = -(zi[b] as number);
      // E = (Z[k] + conj Z[h−k]) / 2, O = −i·(Z[k] − conj Z[h−k]) / 2, X[k] = E + w^k·O.
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const c = wr[k] as number;
      const s = wi[k] as number;
      outRe[k] = er + or * c - oi * s;
      outIm[k] = ei + or * s + oi * c;
    }
  }

  /** Like {@link RealFft.forward} but writes the power spectrum |X[k]|² for k = 0…size/2 into `out`. */
  power(input: ArrayLike<number>, out: Float64Array, window?: Float64Array, offset = 0): void {
    const re = this.binsRe;
    const im = this.binsIm;
    this.forward(input, re, im, window, offset);
    for (let k = 0; k < this.bins; k++) out[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
  }

  /** Packs (windowed) input as z[t] = x[2t] + i·x[2t+1] and transforms it. */
  private load(input: ArrayLike<number>, window: Float64Array | undefined, offset: number): void {
    const h = this.size / 2;
    const zr = this.zRe;
    const zi = this.zIm;
    if (window) {
      for (let t = 0, j = offset; t < h; t++, j += 2) {
        zr[t] = (input[j] as number) * (window[2 * t] as number);
        zi[t] = (input[j + 1] as number) * (window[2 * t + 1] as number);
      }
    } else {
      for (let t = 0, j = offset; t < h; t++, j += 2) {
        zr[t] = input[j] as number;
        zi[t] = input[j + 1] as number;
      }
    }
    this.half.transform(zr, zi);
  }
}
