/**
 * Serves one Realtime session on a `MessagePort`: the worker-side twin of `LocalRealtimeSocket`.
 * Free of Worker globals, so it also runs in-process (Node tests use it over a `MessageChannel`).
 */
import type { ErrorCode } from '@earshot/core/errors';
import { checkRealtimeUrl } from '@earshot/core/protocol';
import { type HostSessionOptions, refuseConnection, SessionHost, urlRefusal } from '@earshot/core/session';

import { isPortControl, type PortControl } from '../socket/port-messages.ts';

/** Options of `servePort`: the hosted session's (one declaration in core), plus the page's. */
export interface ServePortOptions extends HostSessionOptions {
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
  const { onClosed, url, strictUrls, ...session } = options;
  let open = true;
  const post = (message: string | PortControl) => {
    if (open) port.postMessage(message);
  };
  const closeFrame = (code: number, reason: string) => post({ earshot: 'close', code, reason });
  post({ earshot: 'open', protocol: 'realtime' });
  const refusal = url === undefined ? null : checkRealtimeUrl(new URL(url), { strict: strictUrls });
  if (refusal !== null) {
    refuseConnection({ send: post, close: closeFrame }, urlRefusal(refusal), session.ids);
    open = false;
    onClosed?.();
    return { close: () => {} };
  }
  const end = () => {
    if (!open) return;
    open = false;
    host.end();
    port.onmessage = null;
    onClosed?.();
  };
  const host = new SessionHost(
    {
      send: (event) => post(JSON.stringify(event)),
      close: (code, reason) => {
        closeFrame(code, reason);
        end();
      },
    },
    session,
  );
  port.onmessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === 'string') host.receiveText(data);
    else if (isPortControl(data)) {
      if (data.earshot === 'close') {
        // Echo the client's close frame, as a server does, then release the session.
        closeFrame(data.code, data.reason);
        end();
      }
    } else host.receiveBinary();
  };
  return {
    close(code, reason) {
      closeFrame(code, reason);
      end();
    },
  };
}

/** Refuses a connection on `port` (no model loaded, load failed): the client sees `error` then close 1006. */
export function refusePort(port: MessagePort, code: ErrorCode, message: string): void {
  port.postMessage({ earshot: 'fail', code, message } satisfies PortControl);
}
