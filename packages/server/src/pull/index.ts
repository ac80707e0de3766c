// Fetching public model folders from a Hugging Face-style hub into the local model cache.
export {
  DEFAULT_ENDPOINT,
  KNOWN_MODELS,
  modelsDir,
  resolveModelFolder,
} from './model-names.ts';
export {
  type PullOptions,
  type PullProgress,
  type PullResult,
  pullModel,
  selectFiles,
} from './pull-model.ts';
