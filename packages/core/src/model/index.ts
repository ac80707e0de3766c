// Model folders: manifest, prompt config (and its derivation from the public exports' files),
// sources and typed loading errors.

export { DEFAULT_HUB, hubFolderUrl, PUBLIC_MODELS, type PublicModel } from './catalog.ts';
export { type ModelErrorCode, ModelLoadError } from './errors.ts';
export {
  EXPORT_CONFIG_FILE,
  MEL_FILTERS_FILE,
  PREPROCESSOR_CONFIG_FILE,
  resolvePromptConfig,
} from './folder-config.ts';
export { QWEN3_ASR_LANGUAGES } from './languages.ts';
export {
  MANIFEST_FILE,
  type ManifestFile,
  type ModelManifest,
  manifestSchema,
  sha256Hex,
  verifyDigest,
  verifyFile,
} from './manifest.ts';
export { parseMelFilters } from './mel-filters.ts';
export { ModelFolder, type OpenFolderOptions } from './model-folder.ts';
export type { FileDigest, ModelSource, ReadOptions, ReadProgress } from './model-source.ts';
export {
  audioTokenCount,
  EMBEDDING_DTYPES,
  type EmbeddingConfig,
  type ModelVariant,
  PROMPT_CONFIG_FILE,
  type PromptConfig,
  parseJsonFile,
  parseJsonText,
  promptConfigSchema,
  validateJson,
  weightFiles,
} from './prompt-config.ts';
