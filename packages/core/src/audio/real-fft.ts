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
  forward(input: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, window?: Float64Array, offset = 0): void {
    this.load(input, window, offset);
    const h = this.size / 2;
    const zr = this.zRe;
    const zi = this.zIm;
    for (let k = 0; k <= h; k++) {
      const a = k === h ? 0 : k;
      const b = k === 0 ? 0 : h - k;
      this.split(k, zr[a] as number, zi[a] as number, zr[b] as number, zi[b] as number, outRe, outIm, k);
    }
  }

  /** Like {@link RealFft.forward} but writes the power spectrum |X[k]|² for k = 0…size/2 into `out`. */
  power(input: ArrayLike<number>, out: Float64Array, window?: Float64Array, offset = 0): void {
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
      // E = (Z[k] + conj Z[h−k]) / 2, O = −i·(Z[k] − conj Z[h−k]) / 2, X = E + w^k·O.
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const c = wr[k] as number;
      const s = wi[k] as number;
      const xr = er + or * c - oi * s;
      const xi = ei + or * s + oi * c;
      out[k] = xr * xr + xi * xi;
    }
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

  /** Writes X[k] from Z[a] = Z[k mod h] and Z[b] = Z[(h−k) mod h]. */
  private split(
    k: number,
    ar: number,
    ai: number,
    zbr: number,
    zbi: number,
    outRe: Float64Array,
    outIm: Float64Array,
    at: number,
  ): void {
    const br = zbr;
    const bi = -zbi;
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi);
    const oi = -0.5 * (ar - br);
    const c = this.wRe[k] as number;
    const s = this.wIm[k] as number;
    outRe[at] = er + or * c - oi * s;
    outIm[at] = ei + or * s + oi * c;
  }
}
