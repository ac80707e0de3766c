/**
 * TEST ONLY: a WebSocket-like client connected in memory to a `RealtimeSession` — the transport
 * the conformance suite uses to test the core without a network.
 */

import type { WebSocketLike } from '@earshot/testkit/conformance';
import { RealtimeSession, type RealtimeSessionOptions } from '../../src/session/index.ts';

type Listener = (event: never) => void;

/** Opens an in-memory connection; `options` configure the session (minus `send`/`close`). */
export function connectInMemory(options: Omit<RealtimeSessionOptions, 'send' | 'close'>): {
  socket: WebSocketLike;
  session: RealtimeSession;
} {
  const listeners = new Map<string, Listener[]>();
  const fire = (type: string, event: unknown) => {
    for (const listener of listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  };
  let readyState = 1;
  const closeWith = (code: number, reason: string) => {
    if (readyState === 3) return;
    readyState = 3;
    session.close();
    setTimeout(() => fire('close', { code, reason }), 0);
  };
  const session = new RealtimeSession({
    ...options,
    // Deliver asynchronously, as a real socket does.
    send: (event) => {
      const text = JSON.stringify(event);
      setTimeout(() => readyState === 1 && fire('message', { data: text }), 0);
    },
    close: closeWith,
  });
  const socket: WebSocketLike = {
    get readyState() {
      return readyState;
    },
    protocol: 'realtime',
    send(data) {
      if (readyState !== 1) throw new Error('socket is not open');
      if (typeof data === 'string') session.handleText(data);
      else session.handleBinary();
    },
    close(code = 1000, reason = '') {
      closeWith(code, reason);
    },
    addEventListener(type: string, listener: Listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
  };
  return { socket, session };
}
