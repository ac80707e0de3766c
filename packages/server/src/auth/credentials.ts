/**
 * Reads the client's API key from a request: `Authorization: Bearer <key>` (Node, REST), or the
 * browser form where the key travels as the WebSocket subprotocol `openai-insecure-api-key.<key>`.
 */
import type { IncomingMessage } from 'node:http';

/** The subprotocol the server selects for realtime connections. */
export const REALTIME_SUBPROTOCOL = 'realtime';

/** Prefix of the subprotocol entry that carries the key (never echoed back). */
export const KEY_SUBPROTOCOL_PREFIX = 'openai-insecure-api-key.';

/** The subprotocols a WebSocket upgrade request offers, in order. */
export function offeredSubprotocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The key of a `Bearer` authorization header, or null. */
export function bearerKey(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** The key of a request: the Bearer header first, then the key-bearing subprotocol; null when neither. */
export function requestKey(request: IncomingMessage): string | null {
  const bearer = bearerKey(request);
  if (bearer !== null) return bearer;
  const entry = offeredSubprotocols(request).find((p) => p.startsWith(KEY_SUBPROTOCOL_PREFIX));
  return entry === undefined ? null : entry.slice(KEY_SUBPROTOCOL_PREFIX.length);
}

/** The subprotocol to answer: `realtime` when offered, else none (never the key entry). */
export function selectSubprotocol(offered: ReadonlySet<string>): string | false {
  return offered.has(REALTIME_SUBPROTOCOL) ? REALTIME_SUBPROTOCOL : false;
}
