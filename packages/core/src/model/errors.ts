import { EarshotError, type ErrorCode } from '../errors/index.ts';

/** Codes of model-loading errors (in `ERROR_CODES`), each naming what is wrong. */
export type ModelErrorCode = Extract<ErrorCode, `EARSHOT_ERR_MODEL_${string}`>;

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
