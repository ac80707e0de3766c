/**
 * Streaming rational resampler: a polyphase, Kaiser-windowed-sinc FIR that converts inputRate to
 * outputRate by up = out/g, down = in/g (g = gcd), with zero phase (the filter's delay is removed).
 *
 * Output sample n sits at input time n·in/out (in input samples); input before the stream's first
 * sample and after its last is taken as zero. Each output is a fixed sum over the same inputs in the
 * same order however the input is chunked, so any chunking gives bit-identical output.
 */

import { MODEL_SAMPLE_RATE } from '../constants.ts';

/** Passband edge, as a fraction of the lower of the two Nyquist frequencies (6.8 kHz at 16 kHz out). */
const PASSBAND_EDGE = 0.85;

/** Stopband edge, as a fraction of the lower Nyquist frequency (7.8 kHz at 16 kHz out). */
const STOPBAND_EDGE = 0.975;

/** Stopband attenuation the Kaiser design aims at, in dB (pass-band ripple is then ≈ 0.003 dB). */
const STOPBAND_DB = 70;

/** Highest sample rate accepted, in Hz. */
const MAX_RATE = 384_000;

/** Greatest common divisor of two positive integers. */
function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * Designs the symmetric low-pass prototype at rate up·inRate (odd length) and returns it scaled so
 * that its taps sum to `up` (unit DC gain after zero-stuffing).
 */
function designPrototype(inRate: number, outRate: number, up: number): Float64Array {
  const protoRate = inRate * up;
  const nyquist = Math.min(inRate, outRate) / 2;
  const cutoff = ((PASSBAND_EDGE + STOPBAND_EDGE) / 2) * nyquist;
  const transition = (STOPBAND_EDGE - PASSBAND_EDGE) * nyquist;
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const estimate = (STOPBAND_DB - 7.95) / (2.285 * ((2 * Math.PI * transition) / protoRate));
  const half = Math.ceil(estimate / 2);
  const length = 2 * half + 1;
  const taps = new Float64Array(length);
  const fc = cutoff / protoRate; // cycles per sample
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let t = 0; t < length; t++) {
    const x = t - half;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const r = x / half;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    taps[t] = sinc * window;
    sum += taps[t] as number;
  }
  for (let t = 0; t < length; t++) taps[t] = ((taps[t] as number) * up) / sum;
  return taps;
}

/** Converts float audio from one sample rate to another, chunk by chunk, keeping filter state across calls. */
export class StreamingResampler {
  /** Input sample rate, in Hz. */
  readonly inputRate: number;
  /** Output sample rate, in Hz (default 16000). */
  readonly outputRate: number;
  private readonly up: number;
  private readonly down: number;
  /** Half the prototype length, in up-sampled samples (its group delay). */
  private readonly half: number;
  /** Taps per polyphase branch. */
  private readonly taps: number;
  /** Branch φ (0 ≤ φ < up) at [φ·taps, (φ+1)·taps): prototype taps φ, φ+up, φ+2·up, … (zero past the end). */
  private readonly branches: Float64Array;
  private readonly passthrough: boolean;
  /** Input samples held, stream indices [start, start + length). */
  private buffer = new Float32Array(0);
  private start = 0;
  private length = 0;
  /** Index of the next output sample. */
  private next = 0;
  /** Input samples received in this stream. */
  private received = 0;

  /** Creates a resampler from `inputRate` to `outputRate` Hz (positive integers up to 384 kHz). */
  constructor(inputRate: number, outputRate: number = MODEL_SAMPLE_RATE) {
    for (const rate of [inputRate, outputRate]) {
      if (!Number.isInteger(rate) || rate <= 0 || rate > MAX_RATE) {
        throw new RangeError(`sample rates must be integers in 1…${MAX_RATE} Hz`);
      }
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    this.passthrough = inputRate === outputRate;
    if (this.passthrough) {
      this.half = 0;
      this.taps = 0;
      this.branches = new Float64Array(0);
    } else {
      const prototype = designPrototype(inputRate, outputRate, this.up);
      this.half = (prototype.length - 1) / 2;
      // Rounded up to a multiple of 4 for the unrolled dot product (extra taps are zero).
      this.taps = 4 * Math.ceil(prototype.length / this.up / 4);
      this.branches = new Float64Array(this.up * this.taps);
      for (let phase = 0; phase < this.up; phase++) {
        for (let i = 0; i < this.taps; i++) {
          const t = phase + i * this.up;
          if (t < prototype.length) this.branches[phase * this.taps + i] = prototype[t] as number;
        }
      }
    }
    this.reset();
  }

  /** Output samples per input sample (outputRate / inputRate). */
  get ratio(): number {
    return this.up / this.down;
  }

  /** Filter taps per output sample, a multiple of 4 (0 for passthrough). */
  get tapsPerOutput(): number {
    return this.taps;
  }

  /** Resamples one chunk (any length, 0 included) and returns every output sample it completes. */
  process(input: Float32Array): Float32Array {
    if (this.passthrough) return input.slice();
    this.append(input);
    this.received += input.length;
    return this.emit(Number.POSITIVE_INFINITY);
  }

  /**
   * Ends the stream: treats the input after the last sample as zeros, returns the remaining output so
   * that the stream's total is exactly ceil(inputSamples · outputRate / inputRate) samples, and resets.
   */
  flush(): Float32Array {
    if (this.passthrough) return new Float32Array(0);
    const total = Math.ceil((this.received * this.up) / this.down);
    const last = total - 1;
    if (last >= this.next) {
      const needed = this.firstInput(last) + this.taps - (this.start + this.length);
      if (needed > 0) this.append(new Float32Array(needed));
    }
    const out = this.emit(total);
    this.reset();
    return out;
  }

  /** Forgets all input and filter state, as at construction. */
  reset(): void {
    // Stream indices below zero are silence: hold them so the first outputs see zeros.
    this.start = this.firstInput(0);
    this.length = Math.max(0, -this.start);
    if (this.buffer.length < this.length) this.buffer = new Float32Array(this.length + 1024);
    this.buffer.fill(0, 0, this.length);
    this.next = 0;
    this.received = 0;
  }

  /** Stream index of the first input under output n's filter. */
  private firstInput(n: number): number {
    return Math.ceil((n * this.down - this.half) / this.up);
  }

  /** Appends input samples to the held buffer, first dropping those no future output needs. */
  private append(input: Float32Array): void {
    const keepFrom = Math.max(this.start, this.firstInput(this.next));
    const drop = keepFrom - this.start;
    if (drop > 0) {
      this.buffer.copyWithin(0, drop, this.length);
      this.start = keepFrom;
      this.length -= drop;
    }
    if (this.length + input.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.length + input.length, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length += input.length;
  }

  /** Computes outputs next… while their inputs are held, stopping before index `limit`. */
  private emit(limit: number): Float32Array {
    const { up, down, half, taps, branches, buffer, start } = this;
    // Output n is ready when firstInput(n) + taps − 1 < start + length.
    const lastReady = Math.floor(((start + this.length - taps) * up + half) / down);
    const end = Math.min(limit, lastReady + 1);
    const count = Math.max(0, end - this.next);
    const out = new Float32Array(count);
    for (let o = 0; o < count; o++) {
      const n = this.next + o;
      const p = n * down;
      const j0 = Math.ceil((p - half) / up);
      const phase = half - p + j0 * up;
      const b = phase * taps;
      const x = j0 - start;
      // Four partial sums (taps is a multiple of 4); the order is fixed, so chunking cannot change it.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < taps; i += 4) {
        a0 += (branches[b + i] as number) * (buffer[x + i] as number);
        a1 += (branches[b + i + 1] as number) * (buffer[x + i + 1] as number);
        a2 += (branches[b + i + 2] as number) * (buffer[x + i + 2] as number);
        a3 += (branches[b + i + 3] as number) * (buffer[x + i + 3] as number);
      }
      out[o] = a0 + a1 + (a2 + a3);
    }
    this.next += count;
    return out;
  }
}
