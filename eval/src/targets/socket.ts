/** The part of the WebSocket API the harness uses: a browser `WebSocket`, `ws`, or the in-page `LocalRealtimeSocket`. */

/** A WebSocket-like connection to a Realtime transcription endpoint. */
export interface RealtimeSocketLike {
  readonly readyState: number;
  /** Bytes queued for sending, when the implementation reports it (used for back-pressure with `--fast`). */
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
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
      const message = (event as { message?: unknown }).message;
      reject(new Error(`connection failed${typeof message === 'string' ? `: ${message}` : ''}`));
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      reject(new Error(`connection closed (${event.code}) before it opened`));
    });
  });
}
