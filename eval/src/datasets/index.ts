// Datasets: LibriSpeech-style folders, JSONL manifests and the generated held-out espeak set; audio decoding.
export { decodeAudioFile, loadPcm16, type MonoAudio, resample } from './decode-audio.ts';
export {
  checkSynthesisTools,
  ESPEAK_SET_RATE,
  ESPEAK_SET_SEED,
  type EspeakRendering,
  type EspeakSetOptions,
  generateEspeakSet,
  randomRendering,
  randomSentence,
} from './espeak/generate.ts';
export { SeededRandom } from './espeak/random.ts';
export { type EspeakRecipe, readRecipe } from './espeak/recipe.ts';
export { loadJsonlManifest } from './jsonl.ts';
export { loadLibriSpeechFolder } from './librispeech.ts';
export { type DatasetPaths, DEFAULT_ESPEAK_COUNT, espeakSetDir, loadDataset } from './load-dataset.ts';
export { type ClipSpec, type Dataset, DatasetError } from './types.ts';
