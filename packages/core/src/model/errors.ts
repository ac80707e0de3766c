import { EarshotError } from '../protocol/errors.ts';

/** Codes of model-loading errors, each naming what is wrong. */
export const MODEL_ERROR_CODES = {
  EARSHOT_ERR_MODEL_FILE_MISSING: 'A file the model folder must have is absent.',
  EARSHOT_ERR_MODEL_FILE_SIZE: "A file's size differs from the manifest.",
  EARSHOT_ERR_MODEL_CHECKSUM: "A file's SHA-256 differs from the manifest.",
  EARSHOT_ERR_MODEL_CONFIG: 'A JSON file is unreadable or breaks its schema.',
  EARSHOT_ERR_MODEL_GRAPH: "A graph's input/output names, ranks or dtypes differ from the contract.",
  EARSHOT_ERR_MODEL_VARIANT: 'No variant of the model runs with the available features.',
  EARSHOT_ERR_MODEL_ABORTED: 'Loading was cancelled.',
  EARSHOT_ERR_MODEL_DOWNLOAD: 'A file could not be downloaded (network or HTTP error, after retries).',
} as const;

/** A model-loading error code. */
export type ModelErrorCode = keyof typeof MODEL_ERROR_CODES;

/** A typed model-loading error: `code`, and the `file` it is about (relative to the model folder). */
export class ModelLoadError extends EarshotError {
  declare readonly code: ModelErrorCode;
  /** The file the error is about, or null. */
  readonly file: string | null;

  constructor(code: ModelErrorCode, file: string | null, message: string, cause?: unknown) {
    super(code, file === null ? message : `${file}: ${message}`, { cause });
    this.name = 'ModelLoadError';
    this.file = file;
  }
}
