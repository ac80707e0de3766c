/**
 * Whisper-style log-mel features, as Qwen3-ASR's encoder takes them (model contract §4): periodic
 * Hann window, centred STFT with reflect padding, power spectrum, Slaney mel filterbank, log10 with a
 * floor, an 8-decade dynamic range below the utterance's maximum, then (x + 4) / 4.
 */

import { MODEL_SAMPLE_RATE } from '../constants.ts';
import { RealFft } from './real-fft.ts';

/** Parameters of the log-mel front end (sizes in samples, rate in Hz). */
export interface MelConfig {
  /** Sample rate of the input, in Hz. */
  sampleRate: number;
  /** FFT and window length, in samples (even). */
  nFft: number;
  /** Hop between frames, in samples. */
  hopLength: number;
  /** Mel bins per frame. */
  nMels: number;
  /** Drop the STFT's last frame, so that frames = floor(samples / hopLength) (Whisper does). */
  dropLastFrame: boolean;
  /** Shorter input is zero-padded to this many samples first (default none). */
  minSamples?: number;
}

/** Qwen3-ASR's front end: 16 kHz, n_fft 400, hop 160 (10 ms), 128 mels, last frame dropped, input padded to 0.5 s. */
export const DEFAULT_MEL_CONFIG: Readonly<MelConfig> = Object.freeze({
  sampleRate: MODEL_SAMPLE_RATE,
  nFft: 400,
  hopLength: 160,
  nMels: 128,
  dropLastFrame: true,
  minSamples: MODEL_SAMPLE_RATE / 2,
});

/** A log-mel spectrogram laid out [nMels][frames] row-major (the encoder's `mel` input [1, nMels, frames]). */
export interface LogMelSpectrogram {
  data: Float32Array;
  nMels: number;
  frames: number;
}

/** Mel energies are floored here before the log (power units). */
const MEL_FLOOR = 1e-10;
/** Dynamic range kept below the utterance's largest log-mel value, in decades. */
const DYNAMIC_RANGE = 8;
/** Final affine map: (log + LOG_OFFSET) / LOG_SCALE. */
const LOG_OFFSET = 4;
const LOG_SCALE = 4;

/** Slaney's mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above. */
const SLANEY_MIN_LOG_HZ = 1000;
const SLANEY_MIN_LOG_MEL = 15;
const SLANEY_LOG_STEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
  return hz >= SLANEY_MIN_LOG_HZ
    ? SLANEY_MIN_LOG_MEL + Math.log(hz / SLANEY_MIN_LOG_HZ) / SLANEY_LOG_STEP
    : (3 * hz) / 200;
}

function melToHz(mel: number): number {
  return mel >= SLANEY_MIN_LOG_MEL
    ? SLANEY_MIN_LOG_HZ * Math.exp(SLANEY_LOG_STEP * (mel - SLANEY_MIN_LOG_MEL))
    : (200 * mel) / 3;
}

/** `count` evenly spaced values from `start` to `end` inclusive (numpy.linspace). */
function linspace(start: number, end: number, count: number): Float64Array {
  const step = (end - start) / (count - 1);
  return Float64Array.from({ length: count }, (_, i) => start + step * i);
}

/** Throws a RangeError unless the config describes a computable front end. */
function checkConfig(config: MelConfig): void {
  const ok =
    Number.isFinite(config.sampleRate) &&
    config.sampleRate > 0 &&
    Number.isInteger(config.nFft) &&
    config.nFft >= 2 &&
    config.nFft % 2 === 0 &&
    Number.isInteger(config.hopLength) &&
    config.hopLength >= 1 &&
    Number.isInteger(config.nMels) &&
    config.nMels >= 1 &&
    (config.minSamples === undefined || (Number.isInteger(config.minSamples) && config.minSamples >= 0));
  if (!ok)
    throw new RangeError('MelConfig needs sampleRate > 0, an even nFft >= 2, hopLength >= 1, nMels >= 1');
}

/**
 * The Slaney-scale, Slaney-normalised triangular mel filterbank from 0 Hz to sampleRate/2, as
 * nMels × (nFft/2 + 1) weights row-major (librosa/Whisper `mel_filters`, norm='slaney').
 */
export function slaneyMelFilterBank(config: MelConfig): Float32Array {
  checkConfig(config);
  const bins = config.nFft / 2 + 1;
  const nMels = config.nMels;
  const fftFreqs = linspace(0, config.sampleRate / 2, bins);
  const melPoints = linspace(hzToMel(0), hzToMel(config.sampleRate / 2), nMels + 2);
  const edges = melPoints.map(melToHz);
  const out = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lower = edges[m] as number;
    const centre = edges[m + 1] as number;
    const upper = edges[m + 2] as number;
    const enorm = 2 / (upper - lower);
    for (let k = 0; k < bins; k++) {
      const f = fftFreqs[k] as number;
      const rising = -(lower - f) / (centre - lower);
      const falling = (upper - f) / (upper - centre);
      out[m * bins + k] = Math.max(0, Math.min(rising, falling)) * enorm;
    }
  }
  return out;
}

/** A filterbank stored by rows as the span of non-zero weights. */
interface SparseFilters {
  first: Int32Array;
  count: Int32Array;
  /** Row m's weights start at `offset[m]`. */
  offset: Int32Array;
  weights: Float64Array;
}

function toSparse(filters: Float32Array, nMels: number, bins: number): SparseFilters {
  if (filters.length !== nMels * bins) {
    throw new RangeError(`mel filters must hold nMels × (nFft/2 + 1) = ${nMels * bins} weights`);
  }
  const first = new Int32Array(nMels);
  const count = new Int32Array(nMels);
  const offset = new Int32Array(nMels);
  const values: number[] = [];
  for (let m = 0; m < nMels; m++) {
    let lo = 0;
    let hi = bins - 1;
    while (lo <= hi && filters[m * bins + lo] === 0) lo++;
    while (hi >= lo && filters[m * bins + hi] === 0) hi--;
    first[m] = lo;
    count[m] = hi - lo + 1;
    offset[m] = values.length;
    for (let k = lo; k <= hi; k++) values.push(filters[m * bins + k] as number);
  }
  return { first, count, offset, weights: Float64Array.from(values) };
}

/** What one config needs precomputed: FFT, window and (default) filters. */
interface Plan {
  fft: RealFft;
  window: Float64Array;
  filters: SparseFilters;
}

const plans = new Map<string, Plan>();
const customFilters = new WeakMap<Float32Array, SparseFilters>();

function planFor(config: MelConfig): Plan {
  const key = `${config.sampleRate}/${config.nFft}/${config.nMels}`;
  let plan = plans.get(key);
  if (!plan) {
    const n = config.nFft;
    // Periodic Hann: 0.5 − 0.5·cos(2πt/n).
    const window = Float64Array.from({ length: n }, (_, t) => 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / n));
    const filters = toSparse(slaneyMelFilterBank(config), config.nMels, n / 2 + 1);
    plan = { fft: new RealFft(n), window, filters };
    plans.set(key, plan);
  }
  return plan;
}

/** Frames {@link logMelSpectrogram} returns for `sampleCount` samples (after padding to `minSamples`). */
export function logMelFrameCount(sampleCount: number, config: MelConfig = DEFAULT_MEL_CONFIG): number {
  checkConfig(config);
  const n = Math.max(sampleCount, config.minSamples ?? 0);
  if (n === 0) return 0;
  const pad = config.nFft / 2;
  const frames = 1 + Math.floor((n + 2 * pad - config.nFft) / config.hopLength);
  return config.dropLastFrame ? frames - 1 : frames;
}

/** Index into a signal of length n for any integer position, mirrored without repeating the edges (numpy 'reflect'). */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const r = ((i % period) + period) % period;
  return r < n ? r : period - r;
}

/** The sparse filterbank for `filters` (cached per array), or the config's Slaney one. */
function sparseFilters(config: MelConfig, filters: Float32Array | undefined): SparseFilters {
  if (!filters) return planFor(config).filters;
  let cached = customFilters.get(filters);
  if (!cached) {
    cached = toSparse(filters, config.nMels, config.nFft / 2 + 1);
    customFilters.set(filters, cached);
  }
  return cached;
}

/**
 * Writes the log10 mel energies (before the dynamic-range clamp) of frames [from, to) of `samples`
 * frame-major into `raw` (frame t's bins at `t * nMels`). Frame t reads samples
 * [t·hop − nFft/2, t·hop + nFft/2) of the signal zero-padded to `minSamples` and reflected at its
 * ends, so once `t·hop + nFft/2 <= samples.length` (and the start is the same) it never changes.
 */
export function rawLogMelFrames(
  samples: Float32Array,
  config: MelConfig,
  filters: Float32Array | undefined,
  from: number,
  to: number,
  raw: Float32Array,
): void {
  const plan = planFor(config);
  const { nFft, hopLength, nMels } = config;
  const bins = nFft / 2 + 1;
  const { first, count, offset, weights } = sparseFilters(config, filters);
  // The signal is `samples` zero-padded to n = max(length, minSamples), then reflected by nFft/2 at
  // both ends so that frame t is centred on sample t·hop; frames are copied out one at a time.
  const n = Math.max(samples.length, config.minSamples ?? 0);
  const pad = nFft / 2;
  const frame = new Float64Array(nFft);
  const power = new Float64Array(bins);
  for (let t = from; t < to; t++) {
    const start = t * hopLength - pad;
    if (start >= 0 && start + nFft <= samples.length) {
      for (let j = 0; j < nFft; j++) frame[j] = samples[start + j] as number;
    } else {
      for (let j = 0; j < nFft; j++) {
        const index = reflectIndex(start + j, n);
        frame[j] = index < samples.length ? (samples[index] as number) : 0;
      }
    }
    plan.fft.power(frame, power, plan.window);
    for (let m = 0; m < nMels; m++) {
      const lo = first[m] as number;
      const w0 = (offset[m] as number) - lo;
      const hi = lo + (count[m] as number);
      let acc = 0;
      for (let k = lo; k < hi; k++) acc += (weights[w0 + k] as number) * (power[k] as number);
      raw[t * nMels + m] = Math.log10(Math.max(acc, MEL_FLOOR));
    }
  }
}

/**
 * The spectrogram of `frames` raw frames (frame-major, from {@link rawLogMelFrames}): clamped to
 * `DYNAMIC_RANGE` decades below their maximum, mapped by (x + 4) / 4, laid out mel-major.
 */
export function finishLogMel(raw: Float32Array, frames: number, nMels: number): LogMelSpectrogram {
  const data = new Float32Array(nMels * frames);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < frames * nMels; i++) if ((raw[i] as number) > max) max = raw[i] as number;
  const threshold = max - DYNAMIC_RANGE;
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < nMels; m++) {
      data[m * frames + t] = (Math.max(raw[t * nMels + m] as number, threshold) + LOG_OFFSET) / LOG_SCALE;
    }
  }
  return { data, nMels, frames };
}

/**
 * Computes the log-mel spectrogram of mono `samples` at config.sampleRate (default Qwen3-ASR's 16 kHz
 * front end), with `filters` (nMels × (nFft/2+1), e.g. from the model's mel_filters.json) or the
 * Slaney filterbank; the maximum used for the dynamic-range clamp is over the frames returned.
 */
export function logMelSpectrogram(
  samples: Float32Array,
  config: MelConfig = DEFAULT_MEL_CONFIG,
  filters?: Float32Array,
): LogMelSpectrogram {
  checkConfig(config);
  const frames = logMelFrameCount(samples.length, config);
  if (frames <= 0) return { data: new Float32Array(0), nMels: config.nMels, frames: 0 };
  // log10 values are kept as float32, as the reference keeps them; the max is over them.
  const raw = new Float32Array(frames * config.nMels);
  rawLogMelFrames(samples, config, filters, 0, frames, raw);
  return finishLogMel(raw, frames, config.nMels);
}
