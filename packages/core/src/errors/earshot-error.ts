/**
 * `EarshotError`, the one error class of every package (web and server subclass it): a stable
 * `code` from the catalogue, the offending `param`, and what the catalogue says of the code — its
 * OpenAI class, HTTP status and close code — so every host answers an error the same way.
 */
import { type ClosingErrorCode, ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from './catalogue.ts';

/** The OpenAI `error` object of an `error` event (and of REST error bodies). */
export interface ErrorDetails {
  /** OpenAI error class, e.g. `invalid_request_error` or `server_error`. */
  type: string;
  /** Stable machine-readable code (see `ERROR_CODES`), or null. */
  code: string | null;
  /** Human-readable explanation naming the field and the valid options; never echoes payloads. */
  message: string;
  /** Dotted path of the offending field, or null. */
  param: string | null;
  /** The `event_id` of the client event that caused the error, or null. */
  event_id: string | null;
}

/** Options of `EarshotError`. */
export interface EarshotErrorOptions {
  /** Dotted path of the offending field. */
  readonly param?: string | null;
  readonly cause?: unknown;
}

/** Earshot's typed error: a stable `code` from `ERROR_CODES`, plus `param`. */
export class EarshotError extends Error {
  /** Stable machine-readable code (match on it, never on `message`). */
  readonly code: ErrorCode;
  /** Dotted path of the offending field, or null. */
  readonly param: string | null;

  constructor(code: ErrorCode, message: string, options: EarshotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EarshotError';
    this.code = code;
    this.param = options.param ?? null;
  }

  /** The catalogue entry of the code (OpenAI class, HTTP status, close code). */
  get info(): ErrorCodeInfo {
    return ERROR_CODES[this.code];
  }

  /** The OpenAI `error` object for this error, attributed to the client event `eventId`. */
  toDetails(eventId: string | null = null): ErrorDetails {
    return errorDetails(this.code, this.message, this.param, eventId);
  }
}

/** Longest client-supplied name quoted in an error message, in characters. */
export const MAX_QUOTED_NAME_LENGTH = 64;
/** Longest `error.param`, in characters (a dotted path; a longer one holds a client's junk name). */
export const MAX_PARAM_LENGTH = 256;
/** Longest `error.message`, in characters. */
export const MAX_MESSAGE_LENGTH = 1024;

/** `text` cut to `max` characters, the cut marked with `...`. */
export function capText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * Builds the OpenAI `error` object for `code`. `message` and `param` are capped (see
 * `MAX_MESSAGE_LENGTH`, `MAX_PARAM_LENGTH`) whatever built them, so that no client input, however
 * large, is echoed whole: an error event stays small enough for any client to read.
 */
export function errorDetails(
  code: ErrorCode,
  message: string,
  param: string | null = null,
  eventId: string | null = null,
): ErrorDetails {
  return {
    type: ERROR_CODES[code].type,
    code,
    message: capText(message, MAX_MESSAGE_LENGTH),
    param: param === null ? null : capText(param, MAX_PARAM_LENGTH),
    event_id: eventId,
  };
}

/** A WebSocket close: code and reason. */
export interface CloseFrame {
  readonly code: number;
  readonly reason: string;
}

/** An error that ends a connection: the `error` object to send, then the close. */
export interface ClosingError {
  readonly error: ErrorDetails;
  readonly close: CloseFrame;
}

/**
 * The one "error, then close" of every host: the `error` object to send, then the close that
 * follows — the code's close code, or `closeCode` for a refusal whose code does not end
 * connections by itself (e.g. `not_supported` on a URL) — with reason `type.code`.
 */
export function closingError(code: ClosingErrorCode, message: string, param?: string | null): ClosingError;
export function closingError(
  code: ErrorCode,
  message: string,
  param: string | null,
  closeCode: number,
): ClosingError;
export function closingError(
  code: ErrorCode,
  message: string,
  param: string | null = null,
  closeCode?: number,
): ClosingError {
  const info: ErrorCodeInfo = ERROR_CODES[code];
  return {
    error: errorDetails(code, message, param, null),
    close: { code: closeCode ?? info.closeCode ?? 4000, reason: `${info.type}.${code}` },
  };
}

/** Quotes a client-supplied name for an error message, cut to 64 characters (never the payload). */
export function quoteName(value: unknown): string {
  // A long string is cut before anything else touches it: a JSON.stringify of a huge value would cost.
  const text =
    typeof value === 'string'
      ? value.slice(0, MAX_QUOTED_NAME_LENGTH + 1)
      : (JSON.stringify(value) ?? String(value));
  return `'${capText(text, MAX_QUOTED_NAME_LENGTH)}'`;
}
