import { resampleClip, StreamingResampler } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';
import {
  concat,
  db,
  expectChunkInvariance,
  firstDifference,
  fitTone,
  fixtureWav,
  lcgStates,
  pushInPieces,
  rms,
  sine,
} from './support.ts';

/** One-shot resampling: process(all) + flush(). */
function resampleAll(rate: number, x: Float32Array, outRate = 16000): Float32Array {
  const r = new StreamingResampler(rate, outRate);
  return concat([r.process(x), r.flush()]);
}

/** Chunked resampling with the given chunk sizes, then flush(). */
function resampleChunked(rate: number, x: Float32Array, sizes: readonly number[]): Float32Array {
  const r = new StreamingResampler(rate);
  return pushInPieces(x, sizes, { push: (piece) => r.process(piece), flush: () => r.flush() });
}

/** Seeded noise in [-1, 1). */
function noise(count: number, seed: number): Float32Array {
  return Float32Array.from(lcgStates(count, seed), (state) => state / 2 ** 31 - 1);
}

const RATES = [8000, 24000, 48000, 44100, 22050] as const;
/** Margin, in output samples, kept clear of the stream's edges when measuring tones (≥ the filter's half length). */
const EDGE = 400;

describe('StreamingResampler chunk invariance', () => {
  it('gives bit-identical output for any chunking (sizes 0 and 1 included)', () => {
    expectChunkInvariance({
      params: RATES,
      maxLength: 3000,
      edgeSizes: [0, 1],
      maxSize: 700,
      maxChunks: 60,
      numRuns: 150,
      input: noise,
      chunked: resampleChunked,
      whole: (rate, x) => resampleAll(rate, x),
    });
  });

  it('gives bit-identical output over 1,000 odd-sized chunks', () => {
    for (const rate of [8000, 24000, 48000]) {
      const sizes = Array.from({ length: 1000 }, (_, i) => 2 * ((i * 37) % 50) + 1);
      const total = sizes.reduce((a, b) => a + b, 0);
      const x = noise(total, rate);
      const chunked = resampleChunked(rate, x, sizes);
      expect(chunked.length).toBe(Math.ceil((total * 16000) / rate));
      expect(firstDifference(chunked, resampleAll(rate, x))).toBe(-1);
    }
  });
});

describe('StreamingResampler lengths', () => {
  it('emits ceil(inputLength · out / in) samples per stream in all', () => {
    for (const rate of [...RATES, 16000]) {
      for (const length of [0, 1, 2, 3, 4, 5, 47, 160, 479, 480, 481, 24000]) {
        expect(resampleAll(rate, noise(length, length)).length, `${rate} Hz × ${length}`).toBe(
          Math.ceil((length * 16000) / rate),
        );
      }
    }
  });

  it('starts a new stream after flush()', () => {
    const x = noise(5000, 9);
    const r = new StreamingResampler(24000);
    const first = concat([r.process(x), r.flush()]);
    const second = concat([r.process(x), r.flush()]);
    expect(firstDifference(first, second)).toBe(-1);
  });

  it('forgets buffered input on reset()', () => {
    const x = noise(3000, 5);
    const r = new StreamingResampler(48000);
    r.process(noise(777, 1));
    r.reset();
    expect(firstDifference(concat([r.process(x), r.flush()]), resampleAll(48000, x))).toBe(-1);
  });

  it('copies input unchanged at equal rates', () => {
    const x = noise(1001, 2);
    const r = new StreamingResampler(16000);
    const y = r.process(x);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    expect(r.flush().length).toBe(0);
  });

  it('rejects rates that are not positive integers', () => {
    expect(() => new StreamingResampler(0)).toThrow(RangeError);
    expect(() => new StreamingResampler(24000.5)).toThrow(RangeError);
    expect(() => new StreamingResampler(24000, -16000)).toThrow(RangeError);
  });
});

describe('StreamingResampler frequency response', () => {
  it('keeps a 1 kHz sine at its frequency, amplitude (±0.5 dB) and phase (no time shift)', () => {
    for (const rate of [8000, 24000, 48000]) {
      const y = resampleAll(rate, sine(1000, rate, rate));
      const fit = fitTone(y, 1000, 16000, EDGE, y.length - EDGE);
      // Well inside ±0.5 dB: the design ripple is ≈ 0.003 dB.
      expect(Math.abs(db(fit.amplitude / 0.5)), `${rate} Hz gain`).toBeLessThan(0.01);
      // A delay of d output samples would show as a phase of −2π·1000·d/16000; demand |d| < 0.001.
      expect(Math.abs(fit.phase), `${rate} Hz phase`).toBeLessThan((2 * Math.PI * 1000 * 0.001) / 16000);
      // Nothing else is left: the residual is 80 dB below the tone, so the frequency is exactly 1 kHz.
      expect(fit.residualRms / 0.5).toBeLessThan(1e-4);
    }
  });

  it('is flat within ±0.5 dB up to 0.9 of the lower Nyquist frequency (7.2 kHz at 16 kHz out)', () => {
    const cases: Array<[number, number[]]> = [
      [8000, [100, 300, 2000, 3000, 3600]],
      [24000, [100, 2000, 4000, 6000, 6800, 7200]],
      [48000, [100, 2000, 4000, 6000, 6800, 7200]],
    ];
    for (const [rate, tones] of cases) {
      for (const hz of tones) {
        const y = resampleAll(rate, sine(hz, rate, rate));
        const fit = fitTone(y, hz, 16000, EDGE, y.length - EDGE);
        expect(Math.abs(db(fit.amplitude / 0.5)), `${hz} Hz at ${rate}`).toBeLessThan(0.5);
      }
    }
  });

  it('attenuates anything at or above 8 kHz, which would alias, by at least 55 dB', () => {
    for (const [rate, hz] of [
      [48000, 8000],
      [48000, 8100],
      [48000, 9000],
      [48000, 12000],
      [48000, 20000],
      [24000, 8000],
      [24000, 8100],
      [24000, 10000],
      [24000, 11900],
    ] as const) {
      const y = resampleAll(rate, sine(hz, rate, rate));
      expect(db(rms(y, EDGE, y.length - EDGE) / (0.5 * Math.SQRT1_2)), `${hz} Hz at ${rate}`).toBeLessThan(
        -55,
      );
    }
  });

  it('suppresses the up-sampling image of 8 kHz input by at least 60 dB', () => {
    const y = resampleAll(8000, sine(3000, 8000, 8000));
    // Zero-stuffing 3 kHz at 8 kHz images it to 8 − 3 = 5 kHz.
    const image = fitTone(y, 5000, 16000, EDGE, y.length - EDGE);
    expect(db(image.amplitude / 0.5)).toBeLessThan(-60);
  });
});

describe('StreamingResampler on speech', () => {
  it('turns sox’s 24 kHz and 48 kHz copies back into the 16 kHz clip (≥ 30 dB SNR, aligned)', () => {
    for (const [name, original] of [
      ['kitchen-lights-24k.wav', 'kitchen-lights-16k.wav'],
      ['digits-48k.wav', 'digits-16k.wav'],
    ] as const) {
      const input = fixtureWav(name);
      const reference = fixtureWav(original).samples;
      const y = resampleAll(input.sampleRate, input.samples);
      expect(y.length).toBe(Math.ceil((input.samples.length * 16000) / input.sampleRate));
      const correlation = (lag: number): number => {
        let sum = 0;
        for (let i = 100; i < y.length - 100; i++) sum += (reference[i] as number) * (y[i + lag] as number);
        return sum;
      };
      expect(correlation(0)).toBeGreaterThan(correlation(1));
      expect(correlation(0)).toBeGreaterThan(correlation(-1));
      let error = 0;
      let energy = 0;
      for (let i = 0; i < y.length; i++) {
        error += ((reference[i] as number) - (y[i] as number)) ** 2;
        energy += (reference[i] as number) ** 2;
      }
      expect(10 * Math.log10(energy / error), name).toBeGreaterThan(30);
    }
  });
});

describe('resampleClip', () => {
  it('equals one process() plus flush(), and passes audio at the target rate through unchanged', () => {
    const input = new Float32Array(24000).map((_, i) => Math.sin(i / 7) * 0.4);
    const resampler = new StreamingResampler(24000, 16000);
    const expected = [...resampler.process(input), ...resampler.flush()];
    expect([...resampleClip(input, 24000)]).toEqual(expected);
    expect(resampleClip(input, 16000, 16000)).toBe(input);
  });
});
