/**
 * Shared helpers for the audio tests: fixture loading, seeded noise, concatenation, chunking (and
 * the chunk-invariance property of streaming stages) and tone analysis.
 */

import { readFileSync } from 'node:fs';
import { parseWav, type WavAudio } from '@earshot/core/audio';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Folder of the committed audio fixtures (see scripts/make-fixtures.sh). */
export const FIXTURES = new URL('../../../testkit/fixtures/audio/', import.meta.url);

/** The raw bytes of one fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

/** One fixture WAV, parsed. */
export function fixtureWav(name: string): WavAudio {
  return parseWav(fixtureBytes(name));
}

/** The 16 kHz speech fixtures. */
export const SPEECH_16K = ['kitchen-lights-16k.wav', 'digits-16k.wav', 'weather-16k.wav'] as const;

/** `count` successive states of a 32-bit linear congruential generator started at `seed`. */
export function lcgStates(count: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  });
}

/** `chunks` one after another in `out` (as long as all of them together). */
function joinInto<T extends Float32Array | Uint8Array>(out: T, chunks: readonly T[]): T {
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const totalLength = (chunks: readonly ArrayLike<number>[]) => chunks.reduce((n, c) => n + c.length, 0);

/** Concatenates float chunks. */
export function concat(chunks: readonly Float32Array[]): Float32Array {
  return joinInto(new Float32Array(totalLength(chunks)), chunks);
}

/** Concatenates byte chunks. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  return joinInto(new Uint8Array(totalLength(chunks)), chunks);
}

/** Consecutive [start, end) pieces of `length` items with the given sizes (0 allowed), then the rest as one piece. */
export function splitBySizes(length: number, sizes: readonly number[]): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let at = 0;
  for (const size of sizes) {
    const end = Math.min(length, at + size);
    pieces.push([at, end]);
    at = end;
  }
  if (at < length) pieces.push([at, length]);
  return pieces;
}

/** A streaming stage: takes pieces, then gives what it still holds. */
export interface PushStage<T> {
  push(piece: T): Float32Array;
  flush(): Float32Array;
}

/**
 * Feeds `input` to `stage` in pieces of `sizes` (see `splitBySizes`), then flushes it; returns all
 * its output joined (a streaming stage run on arbitrary chunking).
 */
export function pushInPieces<T extends Float32Array | Uint8Array>(
  input: T,
  sizes: readonly number[],
  stage: PushStage<T>,
): Float32Array {
  const out = splitBySizes(input.length, sizes).map(([a, b]) => stage.push(input.subarray(a, b) as T));
  out.push(stage.flush());
  return concat(out);
}

/** First index at which two arrays differ (bit for bit, as `Object.is`), or -1 when they are identical. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** What {@link expectChunkInvariance} draws, and the stage it runs. */
export interface ChunkInvariance<P, T extends Float32Array | Uint8Array> {
  /** Stage parameters to draw from (formats, rates). */
  readonly params: readonly P[];
  /** Longest input, in items. */
  readonly maxLength: number;
  /** Chunk sizes drawn as often as all others together (0 and 1: the edge cases). */
  readonly edgeSizes: readonly number[];
  /** Largest other chunk size. */
  readonly maxSize: number;
  /** Most chunks before the rest of the input goes as one piece. */
  readonly maxChunks: number;
  readonly numRuns: number;
  /** The input of `length` items from `seed`. */
  readonly input: (length: number, seed: number) => T;
  /** The stage's whole output for `input` pushed in pieces of `sizes` (see {@link pushInPieces}). */
  readonly chunked: (param: P, input: T, sizes: readonly number[]) => Float32Array;
  /** The stage's whole output for `input` given at once. */
  readonly whole: (param: P, input: T) => Float32Array;
}

/**
 * The chunk-invariance property of a streaming stage: for drawn parameters, inputs and chunk
 * sizes, the chunked output equals the one-piece output bit for bit.
 */
export function expectChunkInvariance<P, T extends Float32Array | Uint8Array>(
  c: ChunkInvariance<P, T>,
): void {
  const sizes = fc.array(fc.oneof(fc.constantFrom(...c.edgeSizes), fc.integer({ min: 0, max: c.maxSize })), {
    maxLength: c.maxChunks,
  });
  fc.assert(
    fc.property(
      fc.constantFrom(...c.params),
      fc.integer({ min: 0, max: c.maxLength }),
      sizes,
      fc.integer(),
      (param, length, pieces, seed) => {
        const input = c.input(length, seed);
        expect(firstDifference(c.chunked(param, input, pieces), c.whole(param, input))).toBe(-1);
      },
    ),
    { numRuns: c.numRuns },
  );
}

/** A sine of `amplitude` at `hz`, `count` samples at `rate` Hz, with phase zero at sample 0. */
export function sine(hz: number, rate: number, count: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
}

/**
 * Least-squares fit of a·sin + b·cos at `hz` over samples [from, to) of a signal at `rate` Hz: the
 * amplitude, the phase relative to sin(2π·hz·n/rate), and the RMS of the residual.
 */
export function fitTone(
  x: Float32Array,
  hz: number,
  rate: number,
  from: number,
  to: number,
): { amplitude: number; phase: number; residualRms: number } {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let n = from; n < to; n++) {
    const s = Math.sin((2 * Math.PI * hz * n) / rate);
    const c = Math.cos((2 * Math.PI * hz * n) / rate);
    const v = x[n] as number;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += v * s;
    xc += v * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let residual = 0;
  for (let n = from; n < to; n++) {
    const model = a * Math.sin((2 * Math.PI * hz * n) / rate) + b * Math.cos((2 * Math.PI * hz * n) / rate);
    residual += ((x[n] as number) - model) ** 2;
  }
  return {
    amplitude: Math.hypot(a, b),
    phase: Math.atan2(b, a),
    residualRms: Math.sqrt(residual / (to - from)),
  };
}

/** RMS of samples [from, to). */
export function rms(x: Float32Array, from = 0, to = x.length): number {
  let sum = 0;
  for (let n = from; n < to; n++) sum += (x[n] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Largest absolute element-wise difference of two equally long arrays (Infinity if lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/** Decibels of an amplitude ratio. */
export function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}
