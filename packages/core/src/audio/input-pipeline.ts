/**
 * The session's input front end: protocol audio bytes in, 16 kHz float samples out.
 */

import { MODEL_SAMPLE_RATE } from '../constants.ts';
import { ByteStreamDecoder } from './decoders.ts';
import { type AudioFormat, sampleRateOf } from './formats.ts';
import { StreamingResampler } from './resampler.ts';

/**
 * Decodes byte chunks of one {@link AudioFormat} and resamples them to 16 kHz; any chunking (odd PCM16
 * byte counts included) followed by {@link InputAudioPipeline.flush} gives the same samples.
 */
export class InputAudioPipeline {
  /** The format of the bytes pushed in. */
  readonly format: AudioFormat;
  /** Sample rate of the input, in Hz. */
  readonly inputSampleRate: number;
  /** Sample rate of the output, in Hz (always 16000). */
  readonly outputSampleRate: number = MODEL_SAMPLE_RATE;
  private readonly decoder: ByteStreamDecoder;
  /** Null at 16 kHz input: the decoded samples go out as they are (no resampler, no copy). */
  private readonly resampler: StreamingResampler | null;
  private received = 0;

  /** Creates a pipeline for `format`; throws a RangeError for a PCM rate the resampler cannot take. */
  constructor(format: AudioFormat) {
    this.format = format;
    this.inputSampleRate = sampleRateOf(format);
    this.decoder = new ByteStreamDecoder(format);
    this.resampler =
      this.inputSampleRate === MODEL_SAMPLE_RATE
        ? null
        : new StreamingResampler(this.inputSampleRate, MODEL_SAMPLE_RATE);
  }

  /** Input samples (at `inputSampleRate`) decoded since construction or the last `reset()`. */
  get inputSamples(): number {
    return this.received;
  }

  /** Bytes held back for the next push (1 while a PCM16 sample is split across chunks, else 0). */
  get pendingBytes(): number {
    return this.decoder.pendingBytes;
  }

  /** Decodes and resamples one chunk of bytes (any length) and returns the 16 kHz samples it completes. */
  push(bytes: Uint8Array): Float32Array {
    const samples = this.decoder.decode(bytes);
    this.received += samples.length;
    return this.resampler === null ? samples : this.resampler.process(samples);
  }

  /**
   * Ends the current stream: returns the resampler's tail (a stream of n input samples yields
   * ceil(n · 16000 / inputSampleRate) samples in all), drops a dangling half PCM16 sample and starts a
   * new stream; `inputSamples` keeps counting.
   */
  flush(): Float32Array {
    this.decoder.reset();
    return this.resampler === null ? new Float32Array(0) : this.resampler.flush();
  }

  /** Drops all state, the input sample count included, as at construction. */
  reset(): void {
    this.decoder.reset();
    this.resampler?.reset();
    this.received = 0;
  }
}
