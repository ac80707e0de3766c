// The Node host's model loading: file-system source, execution-provider choice.
export { DecodeThread, type DecodeThreadEvents, loadThreadedRecognizer } from './decode-thread.ts';
export { FsModelSource } from './fs-model-source.ts';
export {
  chooseExecutionProviders,
  cudaAvailable,
  DEFAULT_BATCH,
  EMBEDDED_MODEL_DIR,
  loadNodeModel,
  loadNodeRecognizer,
  type NodeRecognizerOptions,
} from './load-node-recognizer.ts';
export { loadNodeSileroVad, sileroModelPath } from './load-silero.ts';
