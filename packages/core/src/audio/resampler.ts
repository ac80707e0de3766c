/**
 * Streaming rational resampler: a polyphase, Kaiser-windowed-sinc FIR that converts inputRate to
 * outputRate by up = out/g, down = in/g (g = gcd), with zero phase (the filter's delay is removed).
 *
 * Output sample n sits at input time n·in/out (in input samples); input before the stream's first
 * sample and after its last is taken as zero. Each output is a fixed sum over the same inputs in the
 * same order however the input is chunked, so any chunking gives bit-identical output.
 */

import { MODEL_SAMPLE_RATE } from '../constants.ts';
import { designPolyphase, type PolyphaseFilter, polyphaseDot } from './internal/polyphase.ts';

/** Highest sample rate accepted, in Hz. */
const MAX_RATE = 384_000;

/** Converts float audio from one sample rate to another, chunk by chunk, keeping filter state across calls. */
export class StreamingResampler {
  /** Input sample rate, in Hz. */
  readonly inputRate: number;
  /** Output sample rate, in Hz (default 16000). */
  readonly outputRate: number;
  /** The polyphase filter, or null for passthrough (equal rates). */
  private readonly filter: PolyphaseFilter | null;
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
    this.filter = inputRate === outputRate ? null : designPolyphase(inputRate, outputRate);
    this.reset();
  }

  /** Resamples one chunk (any length, 0 included) and returns every output sample it completes. */
  process(input: Float32Array): Float32Array {
    if (!this.filter) return input.slice();
    this.append(input);
    this.received += input.length;
    return this.emit(this.filter, Number.POSITIVE_INFINITY);
  }

  /**
   * Ends the stream: treats the input after its last sample as zeros, returns the remaining output,
   * so that a stream of n input samples yields exactly ceil(n · outputRate / inputRate) samples, and
   * returns the resampler to its initial state for the next stream.
   */
  flush(): Float32Array {
    const filter = this.filter;
    if (!filter) return new Float32Array(0);
    const total = Math.ceil((this.received * filter.up) / filter.down);
    if (total > this.next) {
      const needed = this.firstInput(filter, total - 1) + filter.reach - (this.start + this.length);
      if (needed > 0) this.append(new Float32Array(needed));
    }
    const out = this.emit(filter, total);
    this.reset();
    return out;
  }

  /** Forgets all input and filter state, as at construction. */
  reset(): void {
    // Stream indices below zero are silence: hold them so the first outputs see zeros.
    this.start = this.filter ? this.firstInput(this.filter, 0) : 0;
    this.length = Math.max(0, -this.start);
    if (this.buffer.length < this.length) this.buffer = new Float32Array(this.length + 1024);
    this.buffer.fill(0, 0, this.length);
    this.next = 0;
    this.received = 0;
  }

  /** Stream index of the first input under output n's filter. */
  private firstInput(filter: PolyphaseFilter, n: number): number {
    return Math.ceil((n * filter.down - filter.half) / filter.up);
  }

  /** Appends input samples to the held buffer, first dropping those no future output needs. */
  private append(input: Float32Array): void {
    const keepFrom = this.filter ? Math.max(this.start, this.firstInput(this.filter, this.next)) : this.start;
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
  private emit(filter: PolyphaseFilter, limit: number): Float32Array {
    const { up, down, half, reach } = filter;
    const { buffer, start } = this;
    // Output n is ready when firstInput(n) + reach − 1 < start + length.
    const lastReady = Math.floor(((start + this.length - reach) * up + half) / down);
    const count = Math.max(0, Math.min(limit, lastReady + 1) - this.next);
    const out = new Float32Array(count);
    for (let o = 0; o < count; o++) {
      const p = (this.next + o) * down;
      const j0 = Math.ceil((p - half) / up);
      out[o] = polyphaseDot(filter, half - p + j0 * up, buffer, j0 - start);
    }
    this.next += count;
    return out;
  }
}

/** Resamples a whole clip from `inputRate` to `outputRate` Hz (default 16 kHz); passthrough when equal. */
export function resampleClip(
  samples: Float32Array,
  inputRate: number,
  outputRate = MODEL_SAMPLE_RATE,
): Float32Array {
  if (inputRate === outputRate) return samples;
  const resampler = new StreamingResampler(inputRate, outputRate);
  const head = resampler.process(samples);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
