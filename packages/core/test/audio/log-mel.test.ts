import {
  DEFAULT_MEL_CONFIG,
  InputAudioPipeline,
  logMelFrameCount,
  logMelSpectrogram,
  type MelConfig,
  slaneyMelFilterBank,
} from '@earshot/core/audio';
import { WhisperFeatureExtractor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { concat, fixtureBytes, fixtureWav, maxAbsDiff, SPEECH_16K, sine } from './support.ts';

/** Tolerance of the log-mel comparison with transformers.js (its mel product runs in float32). */
const FEATURE_TOLERANCE = 1e-4;

/** transformers.js’ Whisper front end set up as Qwen3-ASR’s (model contract §4), built locally (no hub). */
const reference = new WhisperFeatureExtractor({
  feature_size: 128,
  sampling_rate: 16000,
  hop_length: 160,
  n_fft: 400,
  chunk_length: 30,
  n_samples: 480000,
  nb_max_frames: 3000,
  padding_side: 'right',
  padding_value: 0,
  return_attention_mask: false,
});

/**
 * The reference features: `_call` with max_length = the input length neither pads to 30 s nor trims,
 * and `_extract_fbank_features` keeps floor(length / 160) frames (the STFT's last frame is dropped
 * before the max is taken). Returns [128][frames] data.
 */
async function referenceFeatures(samples: Float32Array): Promise<{ data: Float32Array; dims: number[] }> {
  const { input_features } = await reference._call(samples, { max_length: samples.length });
  return { data: input_features.data as Float32Array, dims: input_features.dims };
}

/** The reference's filterbank: number[128][201], computed by its constructor. */
function referenceFilters(): number[][] {
  const filters: unknown = reference.config.mel_filters;
  if (!Array.isArray(filters)) throw new Error('reference filters missing');
  return filters as number[][];
}

describe('slaneyMelFilterBank', () => {
  it('equals transformers.js’ Slaney filterbank (128 × 201) once rounded to float32', () => {
    const ours = slaneyMelFilterBank(DEFAULT_MEL_CONFIG);
    const theirs = referenceFilters();
    expect(ours.length).toBe(128 * 201);
    expect(theirs.length).toBe(128);
    let exactDiff = 0;
    let float32Diff = 0;
    for (let m = 0; m < 128; m++) {
      for (let k = 0; k < 201; k++) {
        const value = theirs[m]?.[k] as number;
        exactDiff = Math.max(exactDiff, Math.abs(value - (ours[m * 201 + k] as number)));
        float32Diff = Math.max(float32Diff, Math.abs(Math.fround(value) - (ours[m * 201 + k] as number)));
      }
    }
    expect(float32Diff).toBe(0);
    expect(exactDiff).toBeLessThan(1e-8);
  });

  it('equals the reference for Whisper’s 80-bin layout too, with no empty bin', () => {
    const whisper80 = new WhisperFeatureExtractor({
      feature_size: 80,
      sampling_rate: 16000,
      hop_length: 160,
      n_fft: 400,
    });
    const theirs: unknown = whisper80.config.mel_filters;
    if (!Array.isArray(theirs)) throw new Error('reference filters missing');
    const ours = slaneyMelFilterBank({ ...DEFAULT_MEL_CONFIG, nMels: 80 });
    const flat = Float32Array.from((theirs as number[][]).flat());
    expect(maxAbsDiff(ours, flat)).toBe(0);
    for (let m = 0; m < 80; m++)
      expect(
        ours.subarray(m * 201, (m + 1) * 201).some((w) => w > 0),
        `bin ${m}`,
      ).toBe(true);
  });
});

describe('logMelSpectrogram', () => {
  it.each(SPEECH_16K)('matches transformers.js’ WhisperFeatureExtractor on %s within 1e-4', async (name) => {
    const { samples } = fixtureWav(name);
    const ours = logMelSpectrogram(samples);
    const theirs = await referenceFeatures(samples);
    expect(theirs.dims).toEqual([1, 128, Math.floor(samples.length / 160)]);
    expect(ours.nMels).toBe(128);
    expect(ours.frames).toBe(Math.floor(samples.length / 160));
    expect(maxAbsDiff(ours.data, theirs.data)).toBeLessThanOrEqual(FEATURE_TOLERANCE);
  });

  it('matches the reference on the pipeline’s 16 kHz output of 24 kHz speech', async () => {
    const pipeline = new InputAudioPipeline({ type: 'audio/pcm', rate: 24000 });
    const samples = concat([
      pipeline.push(fixtureBytes('kitchen-lights-24k.wav').subarray(44)),
      pipeline.flush(),
    ]);
    const ours = logMelSpectrogram(samples);
    expect(maxAbsDiff(ours.data, (await referenceFeatures(samples)).data)).toBeLessThanOrEqual(
      FEATURE_TOLERANCE,
    );
  });

  it('zero-pads input shorter than 0.5 s to 8000 samples (50 frames)', async () => {
    const short = fixtureWav('digits-16k.wav').samples.subarray(4000, 8800);
    const ours = logMelSpectrogram(short);
    expect(ours.frames).toBe(50);
    const padded = new Float32Array(8000);
    padded.set(short);
    expect(maxAbsDiff(ours.data, (await referenceFeatures(padded)).data)).toBeLessThanOrEqual(
      FEATURE_TOLERANCE,
    );
    expect(logMelSpectrogram(new Float32Array(0)).frames).toBe(50);
  });

  it('reflects more than once when the input is shorter than nFft/2 (minSamples 0), as the reference does', async () => {
    const short = fixtureWav('digits-16k.wav').samples.subarray(6000, 6180);
    const ours = logMelSpectrogram(short, { ...DEFAULT_MEL_CONFIG, minSamples: 0 });
    expect(ours.frames).toBe(1);
    expect(maxAbsDiff(ours.data, (await referenceFeatures(short)).data)).toBeLessThanOrEqual(
      FEATURE_TOLERANCE,
    );
  });

  it('returns floor(samples / 160) frames, or one more with dropLastFrame false', () => {
    for (const n of [8000, 8159, 8160, 8161, 16000, 33333]) {
      expect(logMelSpectrogram(new Float32Array(n)).frames).toBe(Math.floor(n / 160));
      expect(logMelFrameCount(n)).toBe(Math.floor(n / 160));
      const keepLast: MelConfig = { ...DEFAULT_MEL_CONFIG, dropLastFrame: false };
      expect(logMelSpectrogram(new Float32Array(n), keepLast).frames).toBe(Math.floor(n / 160) + 1);
    }
    const noPadding: MelConfig = { ...DEFAULT_MEL_CONFIG, minSamples: 0 };
    expect(logMelSpectrogram(new Float32Array(0), noPadding).frames).toBe(0);
    expect(logMelSpectrogram(new Float32Array(1000), noPadding).frames).toBe(6);
  });

  it('maps silence to (log10(1e-10) + 4) / 4 = −1.5 everywhere', () => {
    const { data } = logMelSpectrogram(new Float32Array(16000));
    expect(data.length).toBe(128 * 100);
    expect(data.every((v) => v === -1.5)).toBe(true);
  });

  it('keeps at most 8 decades (2 after scaling) below the loudest value, which maps to (max + 4) / 4', () => {
    const { data } = logMelSpectrogram(sine(1000, 16000, 16000, 0.5));
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (const v of data) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    expect(max - min).toBeCloseTo(2, 6);
  });

  it('puts a 1 kHz tone in the mel bin whose triangle peaks nearest 1 kHz', () => {
    const { data, frames } = logMelSpectrogram(sine(1000, 16000, 16000, 0.5));
    const filters = slaneyMelFilterBank(DEFAULT_MEL_CONFIG);
    const middle = Math.floor(frames / 2);
    let loudest = 0;
    for (let m = 1; m < 128; m++)
      if ((data[m * frames + middle] as number) > (data[loudest * frames + middle] as number)) loudest = m;
    // Bin 25 (1 kHz / 40 Hz) carries the tone; the loudest mel bin is the one weighting bin 25 most.
    let best = 0;
    for (let m = 1; m < 128; m++)
      if ((filters[m * 201 + 25] as number) > (filters[best * 201 + 25] as number)) best = m;
    expect(loudest).toBe(best);
  });

  it('gives the same result with the filterbank passed explicitly (e.g. from mel_filters.json)', () => {
    const { samples } = fixtureWav('kitchen-lights-16k.wav');
    const filters = slaneyMelFilterBank(DEFAULT_MEL_CONFIG);
    expect(logMelSpectrogram(samples, DEFAULT_MEL_CONFIG, filters).data).toEqual(
      logMelSpectrogram(samples).data,
    );
    expect(() => logMelSpectrogram(samples, DEFAULT_MEL_CONFIG, new Float32Array(10))).toThrow(RangeError);
  });

  it('rejects configs it cannot compute', () => {
    expect(() => logMelSpectrogram(new Float32Array(100), { ...DEFAULT_MEL_CONFIG, nFft: 401 })).toThrow(
      RangeError,
    );
    expect(() => logMelSpectrogram(new Float32Array(100), { ...DEFAULT_MEL_CONFIG, hopLength: 0 })).toThrow(
      RangeError,
    );
  });
});
