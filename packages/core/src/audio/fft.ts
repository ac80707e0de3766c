/**
 * Mixed-radix FFTs (Stockham autosort, radix 2/3/4/5 butterflies plus a generic odd radix) in
 * float64, with all twiddles precomputed, and a real-input FFT built on a half-size complex one.
 */

/** One Stockham pass: radix `p` over sub-transforms of length `n = p·m`, stride `s`. */
interface Stage {
  p: number;
  m: number;
  s: number;
  /** Twiddles w_n^(r·j) for j < m, 1 ≤ r < p, at index j·(p−1) + r−1. */
  twRe: Float64Array;
  twIm: Float64Array;
}

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
    if (!Number.isInteger(size) || size < 1) throw new RangeError('ComplexFft size must be a positive integer');
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

const SIN_60 = Math.sqrt(3) / 2;
const COS_72 = Math.cos((2 * Math.PI) / 5);
const COS_144 = Math.cos((4 * Math.PI) / 5);
const SIN_72 = Math.sin((2 * Math.PI) / 5);
const SIN_144 = Math.sin((4 * Math.PI) / 5);

/** Scratch for the generic radix (inputs, then outputs). */
let scratch = new Float64Array(0);

/**
 * One Stockham DIF pass: for each j < m and q < s, the p inputs x[q + s·(j + k·m)] go through a
 * p-point DFT, output r is multiplied by w_n^(r·j) and stored at y[q + s·(p·j + r)].
 */
function runStage(stage: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { p, m, s, twRe, twIm } = stage;
  const ms = m * s;
  const ps = p * s;
  for (let j = 0; j < m; j++) {
    const t = j * (p - 1);
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j;
      const o0 = q + ps * j;
      if (p === 4) {
        const a0r = xr[i0] as number;
        const a0i = xi[i0] as number;
        const a1r = xr[i0 + ms] as number;
        const a1i = xi[i0 + ms] as number;
        const a2r = xr[i0 + 2 * ms] as number;
        const a2i = xi[i0 + 2 * ms] as number;
        const a3r = xr[i0 + 3 * ms] as number;
        const a3i = xi[i0 + 3 * ms] as number;
        const t0r = a0r + a2r;
        const t0i = a0i + a2i;
        const t1r = a0r - a2r;
        const t1i = a0i - a2i;
        const t2r = a1r + a3r;
        const t2i = a1i + a3i;
        const t3r = a1r - a3r;
        const t3i = a1i - a3i;
        yr[o0] = t0r + t2r;
        yi[o0] = t0i + t2i;
        mulStore(yr, yi, o0 + s, t1r + t3i, t1i - t3r, twRe[t] as number, twIm[t] as number);
        mulStore(yr, yi, o0 + 2 * s, t0r - t2r, t0i - t2i, twRe[t + 1] as number, twIm[t + 1] as number);
        mulStore(yr, yi, o0 + 3 * s, t1r - t3i, t1i + t3r, twRe[t + 2] as number, twIm[t + 2] as number);
      } else if (p === 2) {
        const a0r = xr[i0] as number;
        const a0i = xi[i0] as number;
        const a1r = xr[i0 + ms] as number;
        const a1i = xi[i0 + ms] as number;
        yr[o0] = a0r + a1r;
        yi[o0] = a0i + a1i;
        mulStore(yr, yi, o0 + s, a0r - a1r, a0i - a1i, twRe[t] as number, twIm[t] as number);
      } else if (p === 5) {
        const a0r = xr[i0] as number;
        const a0i = xi[i0] as number;
        const a1r = xr[i0 + ms] as number;
        const a1i = xi[i0 + ms] as number;
        const a2r = xr[i0 + 2 * ms] as number;
        const a2i = xi[i0 + 2 * ms] as number;
        const a3r = xr[i0 + 3 * ms] as number;
        const a3i = xi[i0 + 3 * ms] as number;
        const a4r = xr[i0 + 4 * ms] as number;
        const a4i = xi[i0 + 4 * ms] as number;
        const s14r = a1r + a4r;
        const s14i = a1i + a4i;
        const d14r = a1r - a4r;
        const d14i = a1i - a4i;
        const s23r = a2r + a3r;
        const s23i = a2i + a3i;
        const d23r = a2r - a3r;
        const d23i = a2i - a3i;
        const b1r = a0r + COS_72 * s14r + COS_144 * s23r;
        const b1i = a0i + COS_72 * s14i + COS_144 * s23i;
        const b2r = a0r + COS_144 * s14r + COS_72 * s23r;
        const b2i = a0i + COS_144 * s14i + COS_72 * s23i;
        // u = sin72·d14 + sin144·d23, v = sin144·d14 − sin72·d23; b1,4 = B1 ∓ i·u, b2,3 = B2 ∓ i·v.
        const ur = SIN_72 * d14r + SIN_144 * d23r;
        const ui = SIN_72 * d14i + SIN_144 * d23i;
        const vr = SIN_144 * d14r - SIN_72 * d23r;
        const vi = SIN_144 * d14i - SIN_72 * d23i;
        yr[o0] = a0r + s14r + s23r;
        yi[o0] = a0i + s14i + s23i;
        mulStore(yr, yi, o0 + s, b1r + ui, b1i - ur, twRe[t] as number, twIm[t] as number);
        mulStore(yr, yi, o0 + 2 * s, b2r + vi, b2i - vr, twRe[t + 1] as number, twIm[t + 1] as number);
        mulStore(yr, yi, o0 + 3 * s, b2r - vi, b2i + vr, twRe[t + 2] as number, twIm[t + 2] as number);
        mulStore(yr, yi, o0 + 4 * s, b1r - ui, b1i + ur, twRe[t + 3] as number, twIm[t + 3] as number);
      } else if (p === 3) {
        const a0r = xr[i0] as number;
        const a0i = xi[i0] as number;
        const a1r = xr[i0 + ms] as number;
        const a1i = xi[i0 + ms] as number;
        const a2r = xr[i0 + 2 * ms] as number;
        const a2i = xi[i0 + 2 * ms] as number;
        const sr = a1r + a2r;
        const si = a1i + a2i;
        const br = a0r - 0.5 * sr;
        const bi = a0i - 0.5 * si;
        const ur = SIN_60 * (a1r - a2r);
        const ui = SIN_60 * (a1i - a2i);
        yr[o0] = a0r + sr;
        yi[o0] = a0i + si;
        mulStore(yr, yi, o0 + s, br + ui, bi - ur, twRe[t] as number, twIm[t] as number);
        mulStore(yr, yi, o0 + 2 * s, br - ui, bi + ur, twRe[t + 1] as number, twIm[t + 1] as number);
      } else {
        genericButterfly(p, xr, xi, i0, ms, yr, yi, o0, s, twRe, twIm, t);
      }
    }
  }
}

/** Stores (ar + i·ai)·(wr + i·wi) at y[at]. */
function mulStore(yr: Float64Array, yi: Float64Array, at: number, ar: number, ai: number, wr: number, wi: number): void {
  yr[at] = ar * wr - ai * wi;
  yi[at] = ar * wi + ai * wr;
}

/** A direct p-point DFT butterfly for radices without a hand-written kernel. */
function genericButterfly(
  p: number,
  xr: Float64Array,
  xi: Float64Array,
  i0: number,
  ms: number,
  yr: Float64Array,
  yi: Float64Array,
  o0: number,
  s: number,
  twRe: Float64Array,
  twIm: Float64Array,
  t: number,
): void {
  if (scratch.length < 2 * p) scratch = new Float64Array(2 * p);
  for (let k = 0; k < p; k++) {
    scratch[2 * k] = xr[i0 + k * ms] as number;
    scratch[2 * k + 1] = xi[i0 + k * ms] as number;
  }
  for (let r = 0; r < p; r++) {
    let accR = 0;
    let accI = 0;
    for (let k = 0; k < p; k++) {
      const angle = (-2 * Math.PI * ((r * k) % p)) / p;
      const c = Math.cos(angle);
      const sn = Math.sin(angle);
      const ar = scratch[2 * k] as number;
      const ai = scratch[2 * k + 1] as number;
      accR += ar * c - ai * sn;
      accI += ar * sn + ai * c;
    }
    if (r === 0) {
      yr[o0] = accR;
      yi[o0] = accI;
    } else {
      mulStore(yr, yi, o0 + r * s, accR, accI, twRe[t + r - 1] as number, twIm[t + r - 1] as number);
    }
  }
}
