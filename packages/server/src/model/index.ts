// The Node host's model loading: file-system source, execution-provider choice.
export { FsModelSource } from './fs-model-source.ts';
export {
  chooseExecutionProviders,
  cudaAvailable,
  DEFAULT_BATCH,
  EMBEDDED_MODEL_DIR,
  loadNodeRecognizer,
  type NodeRecognizerOptions,
} from './load-node-recognizer.ts';
export { loadNodeSileroVad, sileroModelPath } from './load-silero.ts';
