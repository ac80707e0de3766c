/** HTTP answers in OpenAI's shapes: JSON bodies, and errors as `{error:{message, type, param, code}}`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  capText,
  ERROR_CODES,
  type ErrorCode,
  MAX_MESSAGE_LENGTH,
  MAX_PARAM_LENGTH,
} from '@earshot/core/errors';
import type { OriginPolicy } from '../auth/origins.ts';

/** The OpenAI REST error body for `code` (null for plain HTTP errors such as 404). */
export function errorBody(code: ErrorCode | null, message: string, param: string | null = null) {
  const type = code === null ? 'invalid_request_error' : ERROR_CODES[code].type;
  // Capped as the Realtime `error` objects are (see core's `errorDetails`).
  return {
    error: {
      message: capText(message, MAX_MESSAGE_LENGTH),
      type,
      param: param === null ? null : capText(param, MAX_PARAM_LENGTH),
      code,
    },
  };
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends an error for catalogue `code` with its HTTP status (or `status` for plain HTTP errors). */
export function sendError(
  res: ServerResponse,
  code: ErrorCode | null,
  message: string,
  param: string | null = null,
  status?: number,
): void {
  sendJson(
    res,
    status ?? (code === null ? 400 : ERROR_CODES[code].httpStatus),
    errorBody(code, message, param),
  );
}

/** Sends plain text. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Headers that let an allowed browser origin call the REST endpoints (CORS). */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse, origins: OriginPolicy): void {
  const origin = req.headers.origin;
  if (origin === undefined || !origins.allows(origin)) return;
  res.setHeader('access-control-allow-origin', origins.any ? '*' : origin);
  if (!origins.any) res.setHeader('vary', 'Origin');
}

/** Answers a CORS preflight (`OPTIONS`). */
export function sendPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, openai-organization, openai-project',
    'access-control-max-age': '600',
  });
  res.end();
}
