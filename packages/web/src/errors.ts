/** Typed errors of the web package: one catalogue of `EARSHOT_ERR_…` codes, one error class. */

/** Codes of the web package's errors, each with what it means. */
export const WEB_ERROR_CODES = {
  EARSHOT_ERR_MIC_PERMISSION: 'The user or the browser denied microphone access.',
  EARSHOT_ERR_MIC_NOT_FOUND: 'No microphone matches the request.',
  EARSHOT_ERR_MIC_BUSY: 'The microphone exists but could not be opened (in use, or a hardware error).',
  EARSHOT_ERR_MIC_UNSUPPORTED:
    'This page cannot capture audio (no getUserMedia or AudioWorklet; insecure context).',
  EARSHOT_ERR_DOWNLOAD: 'A model file could not be downloaded.',
  EARSHOT_ERR_STORAGE_QUOTA: 'The origin lacks the storage quota to cache the model.',
  EARSHOT_ERR_ENGINE: 'The in-page engine (Web Worker) failed or was unloaded.',
  EARSHOT_ERR_CONNECTION: 'The Realtime connection failed or closed unexpectedly.',
  EARSHOT_ERR_AUDIO_FILE: 'An audio file could not be decoded.',
} as const;

/** A web package error code. */
export type WebErrorCode = keyof typeof WEB_ERROR_CODES;

/** An error with a stable `code`: a `WebErrorCode`, or a core code (`EARSHOT_ERR_MODEL_…`, protocol codes) passed through. */
export class EarshotWebError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;

  constructor(code: WebErrorCode | (string & {}), message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EarshotWebError';
    this.code = code;
  }
}
