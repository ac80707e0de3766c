// Model folders: manifest, prompt config, sources and typed loading errors.

export { MODEL_ERROR_CODES, type ModelErrorCode, ModelLoadError } from './errors.ts';
export {
  MANIFEST_FILE,
  type ManifestFile,
  type ModelManifest,
  manifestSchema,
  sha256Hex,
  verifyFile,
} from './manifest.ts';
export { ModelFolder, type OpenFolderOptions } from './model-folder.ts';
export type { ModelSource, ReadOptions, ReadProgress } from './model-source.ts';
export {
  audioTokenCount,
  type ModelVariant,
  PROMPT_CONFIG_FILE,
  type PromptConfig,
  parseJsonFile,
  promptConfigSchema,
} from './prompt-config.ts';
