/**
 * Stockham DIF passes for {@link ComplexFft}, one function per radix: for each j < m and q < s, the p
 * inputs x[q + s·(j + k·m)] go through a p-point DFT, output r is multiplied by w_n^(r·j) and stored
 * at y[q + s·(p·j + r)]. Twiddles are loaded once per j. Not part of the public API.
 */

/** One pass: radix `p` over sub-transforms of length `n = p·m`, stride `s`. */
export interface Stage {
  p: number;
  m: number;
  s: number;
  /** Twiddles w_n^(r·j) for j < m, 1 ≤ r < p, at index j·(p−1) + r−1. */
  twRe: Float64Array;
  twIm: Float64Array;
}

type Pass = (stage: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) => void;

const SIN_60 = Math.sqrt(3) / 2;
const COS_72 = Math.cos((2 * Math.PI) / 5);
const COS_144 = Math.cos((4 * Math.PI) / 5);
const SIN_72 = Math.sin((2 * Math.PI) / 5);
const SIN_144 = Math.sin((4 * Math.PI) / 5);

const radix2: Pass = ({ m, s, twRe, twIm }, xr, xi, yr, yi) => {
  const ms = m * s;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[j] as number;
    const w1i = twIm[j] as number;
    for (let q = 0, i = s * j, o = 2 * s * j; q < s; q++, i++, o++) {
      const a0r = xr[i] as number;
      const a0i = xi[i] as number;
      const a1r = xr[i + ms] as number;
      const a1i = xi[i + ms] as number;
      yr[o] = a0r + a1r;
      yi[o] = a0i + a1i;
      const br = a0r - a1r;
      const bi = a0i - a1i;
      yr[o + s] = br * w1r - bi * w1i;
      yi[o + s] = br * w1i + bi * w1r;
    }
  }
};

const radix3: Pass = ({ m, s, twRe, twIm }, xr, xi, yr, yi) => {
  const ms = m * s;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[2 * j] as number;
    const w1i = twIm[2 * j] as number;
    const w2r = twRe[2 * j + 1] as number;
    const w2i = twIm[2 * j + 1] as number;
    for (let q = 0, i = s * j, o = 3 * s * j; q < s; q++, i++, o++) {
      const a0r = xr[i] as number;
      const a0i = xi[i] as number;
      const a1r = xr[i + ms] as number;
      const a1i = xi[i + ms] as number;
      const a2r = xr[i + 2 * ms] as number;
      const a2i = xi[i + 2 * ms] as number;
      const sr = a1r + a2r;
      const si = a1i + a2i;
      const cr = a0r - 0.5 * sr;
      const ci = a0i - 0.5 * si;
      // b1,2 = c ∓ i·sin60·(a1 − a2)
      const ur = SIN_60 * (a1r - a2r);
      const ui = SIN_60 * (a1i - a2i);
      yr[o] = a0r + sr;
      yi[o] = a0i + si;
      const b1r = cr + ui;
      const b1i = ci - ur;
      const b2r = cr - ui;
      const b2i = ci + ur;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
    }
  }
};

const radix4: Pass = ({ m, s, twRe, twIm }, xr, xi, yr, yi) => {
  const ms = m * s;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[3 * j] as number;
    const w1i = twIm[3 * j] as number;
    const w2r = twRe[3 * j + 1] as number;
    const w2i = twIm[3 * j + 1] as number;
    const w3r = twRe[3 * j + 2] as number;
    const w3i = twIm[3 * j + 2] as number;
    for (let q = 0, i = s * j, o = 4 * s * j; q < s; q++, i++, o++) {
      const a0r = xr[i] as number;
      const a0i = xi[i] as number;
      const a1r = xr[i + ms] as number;
      const a1i = xi[i + ms] as number;
      const a2r = xr[i + 2 * ms] as number;
      const a2i = xi[i + 2 * ms] as number;
      const a3r = xr[i + 3 * ms] as number;
      const a3i = xi[i + 3 * ms] as number;
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      // b1 = t1 − i·t3, b2 = t0 − t2, b3 = t1 + i·t3
      const b1r = t1r + t3i;
      const b1i = t1i - t3r;
      const b2r = t0r - t2r;
      const b2i = t0i - t2i;
      const b3r = t1r - t3i;
      const b3i = t1i + t3r;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
};

const radix5: Pass = ({ m, s, twRe, twIm }, xr, xi, yr, yi) => {
  const ms = m * s;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[4 * j] as number;
    const w1i = twIm[4 * j] as number;
    const w2r = twRe[4 * j + 1] as number;
    const w2i = twIm[4 * j + 1] as number;
    const w3r = twRe[4 * j + 2] as number;
    const w3i = twIm[4 * j + 2] as number;
    const w4r = twRe[4 * j + 3] as number;
    const w4i = twIm[4 * j + 3] as number;
    for (let q = 0, i = s * j, o = 5 * s * j; q < s; q++, i++, o++) {
      const a0r = xr[i] as number;
      const a0i = xi[i] as number;
      const a1r = xr[i + ms] as number;
      const a1i = xi[i + ms] as number;
      const a2r = xr[i + 2 * ms] as number;
      const a2i = xi[i + 2 * ms] as number;
      const a3r = xr[i + 3 * ms] as number;
      const a3i = xi[i + 3 * ms] as number;
      const a4r = xr[i + 4 * ms] as number;
      const a4i = xi[i + 4 * ms] as number;
      const s14r = a1r + a4r;
      const s14i = a1i + a4i;
      const d14r = a1r - a4r;
      const d14i = a1i - a4i;
      const s23r = a2r + a3r;
      const s23i = a2i + a3i;
      const d23r = a2r - a3r;
      const d23i = a2i - a3i;
      const c1r = a0r + COS_72 * s14r + COS_144 * s23r;
      const c1i = a0i + COS_72 * s14i + COS_144 * s23i;
      const c2r = a0r + COS_144 * s14r + COS_72 * s23r;
      const c2i = a0i + COS_144 * s14i + COS_72 * s23i;
      // u = sin72·d14 + sin144·d23, v = sin144·d14 − sin72·d23; b1,4 = c1 ∓ i·u, b2,3 = c2 ∓ i·v.
      const ur = SIN_72 * d14r + SIN_144 * d23r;
      const ui = SIN_72 * d14i + SIN_144 * d23i;
      const vr = SIN_144 * d14r - SIN_72 * d23r;
      const vi = SIN_144 * d14i - SIN_72 * d23i;
      const b1r = c1r + ui;
      const b1i = c1i - ur;
      const b2r = c2r + vi;
      const b2i = c2i - vr;
      const b3r = c2r - vi;
      const b3i = c2i + vr;
      const b4r = c1r - ui;
      const b4i = c1i + ur;
      yr[o] = a0r + s14r + s23r;
      yi[o] = a0i + s14i + s23i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
      yr[o + 4 * s] = b4r * w4r - b4i * w4i;
      yi[o + 4 * s] = b4r * w4i + b4i * w4r;
    }
  }
};

/** Any radix by a direct p-point DFT (used for prime factors above 5). */
const generic: Pass = ({ p, m, s, twRe, twIm }, xr, xi, yr, yi) => {
  const ms = m * s;
  const cos = Float64Array.from({ length: p }, (_, k) => Math.cos((-2 * Math.PI * k) / p));
  const sin = Float64Array.from({ length: p }, (_, k) => Math.sin((-2 * Math.PI * k) / p));
  for (let j = 0; j < m; j++) {
    for (let q = 0, i = s * j, o = p * s * j; q < s; q++, i++, o++) {
      for (let r = 0; r < p; r++) {
        let accR = 0;
        let accI = 0;
        for (let k = 0; k < p; k++) {
          const c = cos[(r * k) % p] as number;
          const sn = sin[(r * k) % p] as number;
          const ar = xr[i + k * ms] as number;
          const ai = xi[i + k * ms] as number;
          accR += ar * c - ai * sn;
          accI += ar * sn + ai * c;
        }
        if (r === 0) {
          yr[o] = accR;
          yi[o] = accI;
        } else {
          const wr = twRe[j * (p - 1) + r - 1] as number;
          const wi = twIm[j * (p - 1) + r - 1] as number;
          yr[o + r * s] = accR * wr - accI * wi;
          yi[o + r * s] = accR * wi + accI * wr;
        }
      }
    }
  }
};

/** The hand-written passes by radix; other radices use {@link generic}. */
const PASSES: ReadonlyMap<number, Pass> = new Map([
  [2, radix2],
  [3, radix3],
  [4, radix4],
  [5, radix5],
]);

/** Runs one pass from x into y. */
export function runStage(
  stage: Stage,
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
): void {
  (PASSES.get(stage.p) ?? generic)(stage, xr, xi, yr, yi);
}
