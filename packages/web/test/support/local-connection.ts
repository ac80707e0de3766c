/**
 * TEST ONLY: the in-page transport run in-process — a `LocalRealtimeSocket` on one end of a
 * `MessageChannel`, the worker's `servePort` on the other — with any recognizer.
 */
import type { Recognizer } from '@earshot/core/engine';
import type { IdSource } from '@earshot/core/protocol';
import type { SessionLimits } from '@earshot/core/session';
import { LocalRealtimeSocket } from '../../src/socket/local-realtime-socket.ts';
import { type ServedPort, servePort } from '../../src/worker/session-host.ts';

/** Options of `connectLocal`. */
export interface LocalConnectionOptions {
  readonly recognizer: Recognizer;
  readonly ids?: IdSource;
  readonly limits?: Partial<SessionLimits>;
  readonly protocols?: string | string[];
  /** The Realtime URL the client asks for (checked as the server checks it). */
  readonly url?: string;
  readonly strictUrls?: boolean;
}

/** Opens a connection; the engine side is served at once (as the Worker does after load). */
export function connectLocal(options: LocalConnectionOptions): {
  socket: LocalRealtimeSocket;
  served: ServedPort;
} {
  const channel = new MessageChannel();
  const socket = new LocalRealtimeSocket(channel.port1, { protocols: options.protocols ?? ['realtime'] });
  const served = servePort(channel.port2, {
    recognizer: options.recognizer,
    ids: options.ids,
    limits: options.limits,
    url: options.url,
    strictUrls: options.strictUrls,
  });
  return { socket, served };
}

/** Resolves when `socket` fires `type`. */
export function nextEvent<E extends Event>(socket: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) =>
    socket.addEventListener(type, (event) => resolve(event as E), { once: true }),
  );
}

/** Opens a connection and resolves once it is open. */
export async function openLocal(options: LocalConnectionOptions): Promise<LocalRealtimeSocket> {
  const { socket } = connectLocal(options);
  await nextEvent(socket, 'open');
  return socket;
}
