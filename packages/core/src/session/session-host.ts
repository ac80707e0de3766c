/**
 * `SessionHost`: a `RealtimeSession` bound to one connection of a host — the server's WebSocket or
 * the page's `MessagePort` — with what every host must do the same way: the session's options
 * (one declaration, `HostSessionOptions`), its timers (the session length it advertises in
 * `expires_at`, the idle timeout) and its endings (an error, then the code's close; a refused URL).
 */
import { DEFAULT_IDLE_TIMEOUT_SECONDS } from '../constants.ts';
import { type ClosingError, closingError } from '../errors/index.ts';
import { type IdSource, randomIds } from '../protocol/ids.ts';
import type { UrlRefusal } from '../protocol/realtime-url.ts';
import type { ServerEvent } from '../protocol/server-events.ts';
import {
  RealtimeSession,
  type RealtimeSessionOptions,
  resolveLimits,
  type SessionLimits,
} from './realtime-session.ts';

/** The options of a hosted session, declared once for every host. */
export interface HostSessionOptions extends Omit<RealtimeSessionOptions, 'send' | 'close' | 'limits'> {
  /** Session limits (absent fields: defaults), plus the idle timeout in seconds (0: off; default 600). */
  readonly limits?: Partial<SessionLimits> & { readonly idleTimeoutSeconds?: number };
}

/** What a host's connection does with the session's output. */
export interface HostTransport {
  /** Delivers one server event (the host serialises it as one text frame). */
  send(event: ServerEvent): void;
  /** Closes the connection with `code` and `reason`. */
  close(code: number, reason: string): void;
}

export class SessionHost {
  readonly session: RealtimeSession;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly idleMs: number;
  private lastEventAt = performance.now();
  private ended = false;

  constructor(transport: HostTransport, options: HostSessionOptions) {
    const { limits = {}, ...rest } = options;
    const resolved = resolveLimits(limits);
    this.session = new RealtimeSession({
      ...rest,
      limits: resolved,
      send: (event) => transport.send(event),
      close: (code, reason) => {
        this.end();
        transport.close(code, reason);
      },
    });
    this.later(resolved.maxSessionSeconds * 1000, () => this.session.expire());
    this.idleMs = (limits.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
    if (this.idleMs > 0) this.armIdle(this.idleMs);
  }

  /** A text frame from the client. */
  receiveText(text: string): void {
    if (this.ended) return;
    this.lastEventAt = performance.now();
    this.session.handleText(text);
  }

  /** A binary frame from the client (an `invalid_event` error: the protocol is text-only). */
  receiveBinary(): void {
    if (this.ended) return;
    this.lastEventAt = performance.now();
    this.session.handleBinary();
  }

  /** The connection is gone (either side): stops the timers and releases the session. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.session.close();
  }

  /**
   * Arms the idle timer for `ms`; when it fires, a client event received meanwhile re-arms it for
   * the rest of the period (one timer per period, not one per event), else the session ends.
   */
  private armIdle(ms: number): void {
    this.later(ms, () => {
      const left = this.lastEventAt + this.idleMs - performance.now();
      if (left > 0) {
        this.armIdle(left);
        return;
      }
      this.session.endWith(
        'idle_timeout',
        `The client sent no event for ${this.idleMs / 1000} seconds; the session ended.`,
      );
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.ended) run();
    }, ms);
    this.timers.add(timer);
  }
}

/**
 * Refuses a connection as every host does: it opens, then one `error` event (from
 * `closingError`) and the close that goes with it.
 */
export function refuseConnection(
  transport: { send(text: string): void; close(code: number, reason: string): void },
  refusal: ClosingError,
  ids: IdSource = randomIds(),
): void {
  transport.send(JSON.stringify({ type: 'error', event_id: ids.next('event'), error: refusal.error }));
  transport.close(refusal.close.code, refusal.close.reason);
}

/** The refusal for a URL `checkRealtimeUrl` turned down. */
export function urlRefusal(refusal: UrlRefusal): ClosingError {
  return closingError(refusal.code, refusal.message, refusal.param, refusal.closeCode);
}
