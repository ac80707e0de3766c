// Compares features.py's log-mel (and mel_filters.json) with @huggingface/transformers'
// WhisperFeatureExtractor (128 bins, max_length = samples) on a signal written by Python.
// Usage: node training/js/check_features.mjs <signal.f32> <mel.f32> <mel_filters.json>
import { readFileSync } from 'node:fs';
import { WhisperFeatureExtractor } from '@huggingface/transformers';

const [signalFile, melFile, filtersFile] = process.argv.slice(2);
const f32 = (p) => {
  const b = readFileSync(p);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const signal = f32(signalFile);
const mel = f32(melFile);
const fe = new WhisperFeatureExtractor({
  feature_size: 128,
  sampling_rate: 16000,
  hop_length: 160,
  n_fft: 400,
  n_samples: 480000,
  nb_max_frames: 3000,
  chunk_length: 30,
  padding_value: 0,
});
const { input_features: x } = await fe(signal, { max_length: signal.length });
const [, bins, frames] = x.dims;
const T = mel.length / 128;
let melDiff = 0;
for (let m = 0; m < 128; m++)
  for (let t = 0; t < Math.min(T, frames); t++)
    melDiff = Math.max(melDiff, Math.abs(x.data[m * frames + t] - mel[m * T + t]));
const filters = JSON.parse(readFileSync(filtersFile, 'utf8'));
let filterDiff = 0;
const ref = fe.config.mel_filters; // [128][201]

for (let m = 0; m < 128; m++)
  for (let k = 0; k < 201; k++) filterDiff = Math.max(filterDiff, Math.abs(filters[m][k] - ref[m][k]));
console.log(
  JSON.stringify({
    transformersFrames: frames,
    bins,
    ourFrames: T,
    melDiff,
    filterDiff,
    ok: frames === T && melDiff < 1e-3 && filterDiff < 1e-6,
  }),
);
