import { type AudioFormat, decodePcm16, InputAudioPipeline, StreamingResampler } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';
import {
  concat,
  expectChunkInvariance,
  firstDifference,
  fixtureBytes,
  fixtureWav,
  lcgStates,
  pushInPieces,
} from './support.ts';

/** Seeded random bytes. */
function randomBytes(count: number, seed: number): Uint8Array {
  return Uint8Array.from(lcgStates(count, seed), (state) => state >>> 24);
}

/** Pushes the chunks and flushes, returning all 16 kHz output. */
function runPipeline(format: AudioFormat, bytes: Uint8Array, sizes: readonly number[]): Float32Array {
  return pushInPieces(bytes, sizes, new InputAudioPipeline(format));
}

/** True when both arrays hold the same values bit for bit. */
function identical(a: Float32Array, b: Float32Array): boolean {
  return firstDifference(a, b) === -1;
}

const FORMATS: AudioFormat[] = [
  { type: 'audio/pcm', rate: 24000 },
  { type: 'audio/pcm', rate: 48000 },
  { type: 'audio/pcm', rate: 16000 },
  { type: 'audio/pcmu' },
  { type: 'audio/pcma' },
];

describe('InputAudioPipeline chunk invariance', () => {
  it('gives identical 16 kHz output for any byte chunking, PCM16 samples split mid-sample included', () => {
    expectChunkInvariance({
      params: FORMATS,
      maxLength: 4001,
      edgeSizes: [0, 1, 3],
      maxSize: 999,
      maxChunks: 50,
      numRuns: 150,
      input: randomBytes,
      chunked: runPipeline,
      whole: (format, bytes) => runPipeline(format, bytes, []),
    });
  });
});

describe('InputAudioPipeline accounting', () => {
  it('counts input samples at the input rate and holds half a PCM16 sample back', () => {
    const pipeline = new InputAudioPipeline({ type: 'audio/pcm', rate: 24000 });
    expect(pipeline.inputSampleRate).toBe(24000);
    expect(pipeline.outputSampleRate).toBe(16000);
    pipeline.push(new Uint8Array(4801));
    expect(pipeline.inputSamples).toBe(2400);
    expect(pipeline.pendingBytes).toBe(1);
    pipeline.push(new Uint8Array(1));
    expect(pipeline.inputSamples).toBe(2401);
    expect(pipeline.pendingBytes).toBe(0);
    pipeline.reset();
    expect(pipeline.inputSamples).toBe(0);
  });

  it('yields ceil(inputSamples · 16000 / rate) samples per flushed stream and keeps counting after flush', () => {
    for (const format of FORMATS) {
      const pipeline = new InputAudioPipeline(format);
      const bytesPerSample = format.type === 'audio/pcm' ? 2 : 1;
      // For PCM16 one extra byte dangles (half a sample) and is dropped by flush().
      const first = concat([
        pipeline.push(randomBytes(1237 * bytesPerSample + bytesPerSample - 1, 1)),
        pipeline.flush(),
      ]);
      expect(first.length).toBe(Math.ceil((1237 * 16000) / pipeline.inputSampleRate));
      expect(pipeline.pendingBytes).toBe(0);
      const second = concat([pipeline.push(randomBytes(500 * bytesPerSample, 2)), pipeline.flush()]);
      expect(second.length).toBe(Math.ceil((500 * 16000) / pipeline.inputSampleRate));
      expect(pipeline.inputSamples).toBe(1737);
    }
  });

  it('reads G.711 at 8 kHz', () => {
    expect(new InputAudioPipeline({ type: 'audio/pcmu' }).inputSampleRate).toBe(8000);
    expect(new InputAudioPipeline({ type: 'audio/pcma' }).inputSampleRate).toBe(8000);
  });

  it('rejects a PCM rate the resampler cannot take', () => {
    expect(() => new InputAudioPipeline({ type: 'audio/pcm', rate: 0 })).toThrow(RangeError);
  });
});

describe('InputAudioPipeline on speech', () => {
  it('equals decodePcm16 followed by the resampler on the 48 kHz fixture’s data bytes', () => {
    const wav = fixtureBytes('digits-48k.wav');
    const data = wav.subarray(44); // sox writes the canonical 44-byte header for mono PCM16
    expect(fixtureWav('digits-48k.wav').samples).toEqual(decodePcm16(data));
    const resampler = new StreamingResampler(48000);
    const expected = concat([resampler.process(decodePcm16(data)), resampler.flush()]);
    // Client-like chunks: 20 ms (1920 bytes) with an odd byte moved between every pair.
    const sizes = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1921 : 1919));
    const out = runPipeline({ type: 'audio/pcm', rate: 48000 }, data, sizes);
    expect(identical(out, expected)).toBe(true);
    expect(out.length).toBe(24000);
  });
});
