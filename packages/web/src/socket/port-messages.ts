import type { CloseFrame, ErrorDetails } from '@earshot/core/errors';

/**
 * What travels on a session's `MessagePort`. Text frames are plain strings (the exact JSON a server
 * sends); binary frames are `ArrayBuffer`s; connection control is a small tagged object.
 */

/** A connection control message (either direction). */
export type PortControl =
  /** Worker → page: the session exists; `session.created` follows. */
  | { readonly earshot: 'open'; readonly protocol: string }
  /** Either direction: a close frame (the other side answers with its own `close`). */
  | { readonly earshot: 'close'; readonly code: number; readonly reason: string }
  /** Worker → page: the connection failed before it opened. */
  | { readonly earshot: 'fail'; readonly code: string; readonly message: string }
  /**
   * Page-side engine handle → page (dispatched on the page's end, since the Worker end is gone):
   * the Worker crashed or was terminated; the socket reports `error`, then closes with `close`.
   */
  | { readonly earshot: 'lost'; readonly error: ErrorDetails; readonly close: CloseFrame };

/** True when `data` is a `PortControl` message. */
export function isPortControl(data: unknown): data is PortControl {
  return (
    typeof data === 'object' && data !== null && typeof (data as { earshot?: unknown }).earshot === 'string'
  );
}
