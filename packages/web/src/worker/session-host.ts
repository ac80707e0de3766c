/**
 * Serves one Realtime session on a `MessagePort`: the worker-side twin of `LocalRealtimeSocket`.
 * Free of Worker globals, so it also runs in-process (Node tests use it over a `MessageChannel`).
 */
import type { Recognizer } from '@earshot/core/engine';
import { closingError, type ErrorCode } from '@earshot/core/errors';
import { checkRealtimeUrl, type IdSource, randomIds } from '@earshot/core/protocol';
import { RealtimeSession, type SessionLimits } from '@earshot/core/session';

import { isPortControl, type PortControl } from '../socket/port-messages.ts';

/** Options of `servePort`. */
export interface ServePortOptions {
  readonly recognizer: Recognizer;
  readonly limits?: Partial<SessionLimits>;
  readonly ids?: IdSource;
  /** Internal failures (already reported to the client as `server_error`). */
  readonly onInternalError?: (error: unknown) => void;
  /** Called once the connection is closed (either side). */
  readonly onClosed?: () => void;
  /** The Realtime URL the client asked for, checked as the server checks it (`checkRealtimeUrl`). */
  readonly url?: string;
  /** OpenAI-strict URLs (`missing_model` when neither `model` nor `intent` is given). */
  readonly strictUrls?: boolean;
}

/** A served connection. */
export interface ServedPort {
  /** Closes the connection from the engine's side with `code` and `reason` (the client answers). */
  close(code: number, reason: string): void;
}

/** Opens a session on `port`: sends `open`, then the session's `session.created`, and relays frames both ways. */
export function servePort(port: MessagePort, options: ServePortOptions): ServedPort {
  let open = true;
  const post = (message: string | PortControl) => {
    if (open) port.postMessage(message);
  };
  const end = () => {
    if (!open) return;
    open = false;
    session.close();
    port.onmessage = null;
    options.onClosed?.();
  };
  post({ earshot: 'open', protocol: 'realtime' });
  const refusal =
    options.url === undefined ? null : checkRealtimeUrl(new URL(options.url), { strict: options.strictUrls });
  if (refusal !== null) {
    // As the server: the connection opens, then an error event and the close that goes with it.
    const ids = options.ids ?? randomIds();
    const { error, close } = closingError(refusal.code, refusal.message, refusal.param, refusal.closeCode);
    post(JSON.stringify({ type: 'error', event_id: ids.next('event'), error }));
    post({ earshot: 'close', code: close.code, reason: close.reason });
    open = false;
    options.onClosed?.();
    return { close: () => {} };
  }
  const session = new RealtimeSession({
    recognizer: options.recognizer,
    limits: options.limits,
    ids: options.ids,
    onInternalError: options.onInternalError,
    send: (event) => post(JSON.stringify(event)),
    close: (code, reason) => {
      post({ earshot: 'close', code, reason });
      end();
    },
  });
  port.onmessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === 'string') session.handleText(data);
    else if (isPortControl(data)) {
      if (data.earshot === 'close') {
        // Echo the client's close frame, as a server does, then release the session.
        post({ earshot: 'close', code: data.code, reason: data.reason });
        end();
      }
    } else session.handleBinary();
  };
  return {
    close(code, reason) {
      post({ earshot: 'close', code, reason });
      end();
    },
  };
}

/** Refuses a connection on `port` (no model loaded, load failed): the client sees `error` then close 1006. */
export function refusePort(port: MessagePort, code: ErrorCode, message: string): void {
  port.postMessage({ earshot: 'fail', code, message } satisfies PortControl);
}
