/**
 * The part of the WebSocket API a Realtime client needs — met by a browser `WebSocket`, `ws`'s
 * `WebSocket`, the page's `LocalRealtimeSocket` and the in-memory test socket.
 */

/** A socket's close: code and reason. */
export interface SocketClose {
  readonly code: number;
  readonly reason: string;
}

/** A WebSocket-like object (`readyState` 0 connecting, 1 open, 2 closing, 3 closed). */
export interface RealtimeSocketLike {
  readonly readyState: number;
  /** Bytes queued but not yet sent, where the socket reports it. */
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: SocketClose) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
}

/** `readyState` of an open socket. */
export const SOCKET_OPEN = 1;

/** Resolves when `socket` is open; rejects on `error`/`close` first or after `timeoutMs`. */
export function waitOpen(socket: RealtimeSocketLike, timeoutMs: number): Promise<void> {
  if (socket.readyState === SOCKET_OPEN) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection not open after ${timeoutMs} ms`)), timeoutMs);
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener('error', (event) => {
      clearTimeout(timer);
      const message = (event as { message?: unknown } | null)?.message;
      reject(new Error(`connection failed${typeof message === 'string' ? `: ${message}` : ''}`));
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      reject(new Error(`connection closed (${event.code}) before it opened`));
    });
  });
}
