import { ERROR_CODES, type ErrorCode } from './error-codes.ts';
import type { ErrorDetails } from './server-events.ts';

/** Base class of Earshot's typed errors: a stable `code` from the catalogue, plus `param`. */
export class EarshotError extends Error {
  /** Stable machine-readable code (a key of `ERROR_CODES`, or an `EARSHOT_ERR_…` code). */
  readonly code: string;
  /** Dotted path of the offending field, or null. */
  readonly param: string | null;

  constructor(code: string, message: string, options: { param?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EarshotError';
    this.code = code;
    this.param = options.param ?? null;
  }
}

/** A protocol error: an `EarshotError` whose code is in `ERROR_CODES`. */
export class ProtocolError extends EarshotError {
  declare readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { param?: string | null; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'ProtocolError';
  }

  /** The OpenAI `error` object for this error, attributed to the client event `eventId`. */
  toDetails(eventId: string | null = null): ErrorDetails {
    return errorDetails(this.code, this.message, this.param, eventId);
  }
}

/** Builds the OpenAI `error` object for `code`. */
export function errorDetails(
  code: ErrorCode,
  message: string,
  param: string | null = null,
  eventId: string | null = null,
): ErrorDetails {
  return { type: ERROR_CODES[code].type, code, message, param, event_id: eventId };
}

/** Quotes a client-supplied name for an error message, cut to 64 characters (never the payload). */
export function quoteName(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `'${text.length > 64 ? `${text.slice(0, 61)}...` : text}'`;
}
