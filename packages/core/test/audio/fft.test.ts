import { ComplexFft, RealFft } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';
import { lcgStates } from './support.ts';

/** A deterministic pseudo-random sequence in [-0.5, 0.5). */
function noise(count: number, seed: number): Float64Array {
  return Float64Array.from(lcgStates(count, seed), (state) => state / 2 ** 32 - 0.5);
}

/** The DFT by its definition, in float64. */
function directDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      sr += (re[t] as number) * Math.cos(angle) - (im[t] as number) * Math.sin(angle);
      si += (re[t] as number) * Math.sin(angle) + (im[t] as number) * Math.cos(angle);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

const SIZES = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 20, 25, 32, 49, 50, 64, 77, 100, 121, 200, 210, 400,
];

describe('ComplexFft', () => {
  it('matches the DFT definition for radix-2/3/4/5 and generic sizes', () => {
    for (const n of SIZES) {
      const re = noise(n, n);
      const im = noise(n, n + 1000);
      const expected = directDft(re, im);
      const fft = new ComplexFft(n);
      fft.transform(re, im);
      expect(maxDiff(re, expected.re), `size ${n}`).toBeLessThan(1e-11 * n);
      expect(maxDiff(im, expected.im), `size ${n}`).toBeLessThan(1e-11 * n);
    }
  });

  it('transforms a unit impulse at t = 1 into the twiddle sequence', () => {
    const n = 200;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    re[1] = 1;
    new ComplexFft(n).transform(re, im);
    for (let k = 0; k < n; k++) {
      expect(re[k]).toBeCloseTo(Math.cos((-2 * Math.PI * k) / n), 12);
      expect(im[k]).toBeCloseTo(Math.sin((-2 * Math.PI * k) / n), 12);
    }
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => new ComplexFft(0)).toThrow(RangeError);
    expect(() => new ComplexFft(2.5)).toThrow(RangeError);
  });
});

describe('RealFft', () => {
  it('returns bins 0…n/2 of the DFT of real input, and their power', () => {
    for (const n of [2, 4, 6, 10, 14, 64, 100, 400, 512]) {
      const x = noise(n, 7 * n);
      const expected = directDft(x, new Float64Array(n));
      const fft = new RealFft(n);
      const re = new Float64Array(fft.bins);
      const im = new Float64Array(fft.bins);
      const power = new Float64Array(fft.bins);
      fft.forward(x, re, im);
      fft.power(x, power);
      expect(maxDiff(re, expected.re.subarray(0, n / 2 + 1)), `size ${n}`).toBeLessThan(1e-11 * n);
      expect(maxDiff(im, expected.im.subarray(0, n / 2 + 1)), `size ${n}`).toBeLessThan(1e-11 * n);
      const expectedPower = expected.re
        .subarray(0, n / 2 + 1)
        .map((r, k) => r * r + (expected.im[k] as number) ** 2);
      expect(maxDiff(power, expectedPower), `size ${n}`).toBeLessThan(1e-10 * n);
    }
  });

  it('applies the window and reads from the offset', () => {
    const n = 400;
    const signal = noise(1000, 3);
    const window = noise(n, 4);
    const windowed = Float64Array.from(
      { length: n },
      (_, t) => (signal[123 + t] as number) * (window[t] as number),
    );
    const fft = new RealFft(n);
    const direct = new Float64Array(fft.bins);
    const viaOptions = new Float64Array(fft.bins);
    fft.power(windowed, direct);
    fft.power(signal, viaOptions, window, 123);
    expect(maxDiff(direct, viaOptions)).toBe(0);
  });

  it('rejects odd sizes', () => {
    expect(() => new RealFft(401)).toThrow(RangeError);
    expect(() => new RealFft(0)).toThrow(RangeError);
  });
});
