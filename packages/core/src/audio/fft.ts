/**
 * Mixed-radix complex FFT (Stockham autosort, radix 2/3/4/5 butterflies plus a direct DFT for other
 * primes) in float64, with all twiddles precomputed per size.
 */

import { runStage, type Stage } from './internal/fft-stages.ts';

/** Splits `n` into radices, fours first (fewest passes), then 2, 3, 5 and any other primes. */
function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  for (let p = 7; rest > 1; p += 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  return factors;
}

/** A forward complex DFT, X[k] = Σ x[t]·e^(−2πi·k·t/n), of a fixed size `n` ≥ 1 on split re/im arrays. */
export class ComplexFft {
  /** Transform length, in points. */
  readonly size: number;
  private readonly stages: Stage[] = [];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  /** Precomputes the passes and twiddles for transforms of `size` points (any positive integer). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('ComplexFft size must be a positive integer');
    this.size = size;
    this.workRe = new Float64Array(size);
    this.workIm = new Float64Array(size);
    let n = size;
    let s = 1;
    for (const p of factorize(size)) {
      const m = n / p;
      const twRe = new Float64Array(m * (p - 1));
      const twIm = new Float64Array(m * (p - 1));
      for (let j = 0; j < m; j++) {
        for (let r = 1; r < p; r++) {
          const angle = (-2 * Math.PI * r * j) / n;
          twRe[j * (p - 1) + r - 1] = Math.cos(angle);
          twIm[j * (p - 1) + r - 1] = Math.sin(angle);
        }
      }
      this.stages.push({ p, m, s, twRe, twIm });
      n = m;
      s *= p;
    }
  }

  /** Transforms `re`/`im` (each `size` long) in place. */
  transform(re: Float64Array, im: Float64Array): void {
    let xr = re;
    let xi = im;
    let yr = this.workRe;
    let yi = this.workIm;
    for (const stage of this.stages) {
      runStage(stage, xr, xi, yr, yi);
      const tr = xr;
      const ti = xi;
      xr = yr;
      xi = yi;
      yr = tr;
      yi = ti;
    }
    if (xr !== re) {
      re.set(xr);
      im.set(xi);
    }
  }
}
