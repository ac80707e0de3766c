// Compares the reference fixtures' log-mel (features.py, `<clip>.mel.f32`) and the model's
// mel_filters.json with @huggingface/transformers' WhisperFeatureExtractor (128 bins,
// max_length = samples) run on each `<clip>.wav`.
// Usage (from the repository root):
//   node training/js/check_features.mjs models/earshot-tiny-en packages/testkit/fixtures/reference
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WhisperFeatureExtractor } from '@huggingface/transformers';

const [modelDir, fixtureDir] = process.argv.slice(2);
const bytes = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
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
const parsed = JSON.parse(readFileSync(join(modelDir, 'mel_filters.json'), 'utf8'));
const filters = Array.isArray(parsed) ? parsed : parsed.data; // bare rows, or the public {n_mels, n_freqs, data}
let filterDiff = 0;
for (let m = 0; m < 128; m++)
  for (let k = 0; k < 201; k++)
    filterDiff = Math.max(filterDiff, Math.abs(filters[m][k] - fe.config.mel_filters[m][k]));
let failures = filterDiff < 1e-6 ? 0 : 1;
const results = [];
for (const wav of readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.wav'))
  .sort()) {
  const pcm = new Int16Array(bytes(readFileSync(join(fixtureDir, wav))).slice(44)); // 44-byte PCM WAV header
  const signal = Float32Array.from(pcm, (v) => v / 32768);
  const ours = new Float32Array(bytes(readFileSync(join(fixtureDir, wav.replace(/\.wav$/, '.mel.f32')))));
  const { input_features: x } = await fe(signal, { max_length: signal.length });
  const frames = x.dims[2];
  const T = ours.length / 128;
  let melDiff = 0;
  for (let m = 0; m < 128; m++)
    for (let t = 0; t < Math.min(T, frames); t++)
      melDiff = Math.max(melDiff, Math.abs(x.data[m * frames + t] - ours[m * T + t]));
  const ok = frames === T && melDiff < 1e-3;
  failures += ok ? 0 : 1;
  results.push({ wav, frames, ours: T, melDiff });
}
console.log(JSON.stringify({ filterDiff, results, failures }));
process.exitCode = failures ? 1 : 0;
