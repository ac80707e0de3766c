/**
 * The web package's errors: `EarshotWebError`, core's `EarshotError` with what a page needs — the
 * server's `error` object when the error came over a Realtime connection. Every code is in core's
 * one catalogue (`ERROR_CODES`): the `EARSHOT_ERR_MIC_…`/`…DOWNLOAD`/`…ENGINE`… codes of the page,
 * model-loading codes and protocol codes passed through.
 */
import {
  EarshotError,
  type EarshotErrorOptions,
  type ErrorCode,
  type ErrorDetails,
  isErrorCode,
} from '@earshot/core/errors';

/** Codes only the web package raises (microphone, downloads into the page, the ORT runtime, the Worker, files). */
export type WebErrorCode = Extract<
  ErrorCode,
  `EARSHOT_ERR_${'MIC' | 'DOWNLOAD' | 'STORAGE' | 'RUNTIME' | 'ENGINE' | 'WORKER' | 'CONNECTION' | 'AUDIO_FILE'}${string}`
>;

/** A typed error of the web package; `code` is stable (match on it, never on `message`). */
export class EarshotWebError extends EarshotError {
  /** The server's `error` object, when the error is one a Realtime server sent (its `event_id` included). */
  readonly details: ErrorDetails | null;

  constructor(
    code: ErrorCode,
    message: string,
    options: EarshotErrorOptions & { details?: ErrorDetails } = {},
  ) {
    super(code, message, options);
    this.name = 'EarshotWebError';
    this.details = options.details ?? null;
  }

  /** The error for an `error` object a server sent: its code when the catalogue has it (else `server_error`), its param and event id kept. */
  static fromDetails(details: ErrorDetails): EarshotWebError {
    return new EarshotWebError(isErrorCode(details.code) ? details.code : 'server_error', details.message, {
      param: details.param,
      details,
    });
  }
}

/** The catalogue code of a thrown value (its `code` when it is one), else `fallback`. */
export function errorCodeOf(error: unknown, fallback: ErrorCode): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return isErrorCode(code) ? code : fallback;
}
