/** Float samples at the device rate → PCM16 little-endian frames at a protocol rate. */
import { encodePcm16, StreamingResampler } from '@earshot/core/audio';

/** Mixes channels to mono by averaging. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (first === undefined) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (channel[i] ?? 0) / channels.length;
  return out;
}

/**
 * Resamples a stream from `inputRate` to `outputRate` (streaming: no clicks at chunk edges) and cuts
 * it into PCM16 frames of `frameMs`; `flush` emits the rest as a last, shorter frame.
 */
export class PcmFramer {
  private readonly resampler: StreamingResampler | null;
  private readonly frameSamples: number;
  private pending: Float32Array = new Float32Array(0);

  /** Frames of `frameMs` at `outputRate` Hz from audio at `inputRate` Hz. */
  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    frameMs: number,
  ) {
    this.resampler = inputRate === outputRate ? null : new StreamingResampler(inputRate, outputRate);
    this.frameSamples = Math.max(1, Math.round((outputRate * frameMs) / 1000));
  }

  /** Takes samples at the input rate; returns the whole frames now ready. */
  push(samples: Float32Array): Uint8Array[] {
    const resampled = this.resampler === null ? samples : this.resampler.process(samples);
    this.pending = join(this.pending, resampled);
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (this.pending.length - offset >= this.frameSamples) {
      frames.push(encodePcm16(this.pending.subarray(offset, offset + this.frameSamples)));
      offset += this.frameSamples;
    }
    this.pending = this.pending.slice(offset);
    return frames;
  }

  /** Ends the stream: the resampler's tail and any partial frame. */
  flush(): Uint8Array[] {
    const tail = this.resampler === null ? new Float32Array(0) : this.resampler.flush();
    const rest = join(this.pending, tail);
    this.pending = new Float32Array(0);
    return rest.length === 0 ? [] : [encodePcm16(rest)];
  }
}

function join(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
