/**
 * `LocalRealtimeSocket`: the browser `WebSocket` surface over a `MessagePort` to the in-page engine.
 * It carries the exact JSON text frames a server sends and the same close codes, so code written
 * for `new WebSocket('wss://…/v1/realtime')` (the `openai` SDK included) runs unchanged.
 */

import type { CloseFrame, ErrorDetails } from '@earshot/core/errors';
import { randomIds } from '@earshot/core/protocol';
import { CLOSE_ABNORMAL, CLOSE_NORMAL, MAX_CLOSE_REASON_BYTES } from '../constants.ts';
import type { WithTypedListeners } from '../events/typed-listeners.ts';
import { createCloseEvent } from './close-event.ts';
import { isPortControl, type PortControl } from './port-messages.ts';

type Handler<E extends Event> = ((this: LocalRealtimeSocket, event: E) => unknown) | null;

const utf8 = new TextEncoder();
const ids = randomIds();

/** Options of a `LocalRealtimeSocket`. */
export interface LocalRealtimeSocketOptions {
  /** The URL the socket reports (default `wss://earshot.local/v1/realtime`). */
  readonly url?: string;
  /** Subprotocols the client offers; when given, `realtime` must be among them (as a server requires). */
  readonly protocols?: string | readonly string[];
}

/**
 * The browser `WebSocket` surface over a `MessagePort`; listeners for `open`, `message` (string
 * `data`), `error` or `close` (`code`, `reason`, `wasClean`) are typed as on `WebSocket`.
 */
export class LocalRealtimeSocket extends (EventTarget as WithTypedListeners<EventTarget, WebSocketEventMap>) {
  /** `readyState` before the session exists. */
  static readonly CONNECTING = 0;
  /** `readyState` while frames flow. */
  static readonly OPEN = 1;
  /** `readyState` after `close()`, until the engine answers. */
  static readonly CLOSING = 2;
  /** `readyState` once closed. */
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  /** The URL the socket reports. */
  readonly url: string;
  /** Negotiated extensions: always empty. */
  readonly extensions = '';
  /** How binary frames are delivered; kept for API parity (the engine sends only text). */
  binaryType: BinaryType = 'blob';
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<CloseEvent> = null;
  onerror: Handler<Event> = null;

  private state = 0;
  private negotiated = '';
  private readonly offered: readonly string[];

  /** Connects over `port` (one end of a `MessageChannel` whose other end the engine serves). */
  constructor(
    private readonly port: MessagePort,
    options: LocalRealtimeSocketOptions = {},
  ) {
    super();
    this.url = options.url ?? 'wss://earshot.local/v1/realtime';
    this.offered =
      typeof options.protocols === 'string' ? [options.protocols] : [...(options.protocols ?? [])];
    port.onmessage = (event: MessageEvent) => this.receive(event.data);
    if (this.offered.length > 0 && !this.offered.includes('realtime')) {
      // A Realtime server selects `realtime` or refuses the handshake.
      this.port.postMessage({ earshot: 'close', code: CLOSE_NORMAL, reason: '' } satisfies PortControl);
      queueMicrotask(() => this.fail());
    }
  }

  /** The selected subprotocol: `realtime` once open. */
  get protocol(): string {
    return this.negotiated;
  }

  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  get readyState(): number {
    return this.state;
  }

  /** Bytes queued but not yet handed over: always 0 (`postMessage` hands frames over at once). */
  get bufferedAmount(): number {
    return 0;
  }

  /** Sends one frame: a string as a text frame, bytes as a binary frame; throws `InvalidStateError` while connecting. */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.state === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.state !== 1) return; // A closing or closed WebSocket discards sends.
    if (typeof data === 'string') this.port.postMessage(data);
    else if (data instanceof Blob)
      void data.arrayBuffer().then((bytes) => this.state === 1 && this.port.postMessage(bytes));
    else if (ArrayBuffer.isView(data))
      this.port.postMessage(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    else this.port.postMessage(data.slice(0));
  }

  /** Starts the closing handshake with `code` (1000 or 3000–4999) and `reason` (≤ 123 UTF-8 bytes). */
  close(code?: number, reason = ''): void {
    if (code !== undefined && code !== CLOSE_NORMAL && (code < 3000 || code > 4999)) {
      throw new DOMException(
        `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      );
    }
    if (utf8.encode(reason).byteLength > MAX_CLOSE_REASON_BYTES) {
      throw new DOMException('The close reason must not be greater than 123 UTF-8 bytes.', 'SyntaxError');
    }
    if (this.state >= 2) return;
    const wasConnecting = this.state === 0;
    this.state = 2;
    this.port.postMessage({ earshot: 'close', code: code ?? CLOSE_NORMAL, reason } satisfies PortControl);
    // Closing before the handshake completed fails the connection, as a browser does.
    if (wasConnecting) queueMicrotask(() => this.fail());
  }

  private receive(data: unknown): void {
    if (this.state === 3) return;
    if (typeof data === 'string') {
      if (this.state === 1) this.fire(new MessageEvent('message', { data }), this.onmessage);
      return;
    }
    if (data instanceof ArrayBuffer) {
      if (this.state === 1) {
        const payload = this.binaryType === 'arraybuffer' ? data : new Blob([data]);
        this.fire(new MessageEvent('message', { data: payload }), this.onmessage);
      }
      return;
    }
    if (!isPortControl(data)) return;
    if (data.earshot === 'open') {
      if (this.state !== 0) return;
      this.state = 1;
      this.negotiated = data.protocol;
      this.fire(new Event('open'), this.onopen);
    } else if (data.earshot === 'close') {
      if (this.state === 1) {
        // The engine closed first: answer its close frame.
        this.port.postMessage({
          earshot: 'close',
          code: data.code,
          reason: data.reason,
        } satisfies PortControl);
      }
      this.finish(data.code, data.reason, true);
    } else if (data.earshot === 'lost') {
      this.lose(data.error, data.close);
    } else {
      this.fail();
    }
  }

  /**
   * The engine Worker is gone: an open socket gets the error as a Realtime `error` event (the
   * envelope a server sends), then `close` with the given code (1011) — unclean, as no close
   * frame came back; a socket still connecting fails (`error`, then 1006).
   */
  private lose(error: ErrorDetails, close: CloseFrame): void {
    if (this.state === 0) {
      this.fail();
      return;
    }
    if (this.state === 1) {
      const data = JSON.stringify({ type: 'error', event_id: ids.next('event'), error });
      this.fire(new MessageEvent('message', { data }), this.onmessage);
    }
    this.finish(close.code, close.reason, false);
  }

  /** Fails the connection: `error`, then `close` with 1006. */
  private fail(): void {
    if (this.state === 3) return;
    this.fire(new Event('error'), this.onerror);
    this.finish(CLOSE_ABNORMAL, '', false);
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    if (this.state === 3) return;
    this.state = 3;
    this.port.onmessage = null;
    this.port.close();
    this.fire(createCloseEvent({ code, reason, wasClean }), this.onclose);
  }

  private fire<E extends Event>(event: E, handler: Handler<E>): void {
    this.dispatchEvent(event);
    handler?.call(this, event);
  }
}
