/**
 * `RealtimeClient`: the client side of the Realtime transcription protocol over any
 * `RealtimeSocketLike`. It sends typed client events, parses every server frame once and hands
 * typed events to listeners (with their arrival time), and lets a caller wait for an event or a
 * condition. Hosts and tools build on it: the page's `TranscriptionClient`, the eval harness, the
 * conformance suite's test client, benches.
 */
import { encodeBase64 } from '../audio/base64.ts';
import type { ClientEvent } from '../protocol/client-events.ts';
import type { ServerEvent, ServerEventType } from '../protocol/server-events.ts';
import { sessionUpdate, type TranscriptionSettings } from './session-update.ts';
import type { RealtimeSocketLike, SocketClose } from './socket-like.ts';

/** The server event of wire name `T`. */
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

/** A frame that is not a server event: not text, not JSON, or JSON without a string `type`. */
export interface InvalidFrame {
  readonly reason: 'non-text frame' | 'frame is not JSON' | 'frame has no string type';
  readonly data: unknown;
}

/** Options of a `RealtimeClient`. */
export interface RealtimeClientOptions {
  /** Keep every event in `events` (tests, tools); default false. */
  readonly record?: boolean;
  /** The clock of arrival times, in ms (default `performance.now()`). */
  readonly now?: () => number;
}

/** Options of `waitFor`. */
export interface WaitOptions<E> {
  /** Rejects after this long, in ms. */
  readonly timeoutMs: number;
  /** Only events recorded at index ≥ `from` (needs `record`); default: events that arrive from now on. */
  readonly from?: number;
  /** A further condition on the event. */
  readonly where?: (event: E) => boolean;
}

type Listener = (event: ServerEvent, at: number) => void;

export class RealtimeClient {
  /** Every server event received, in order (only with `record`). */
  readonly events: ServerEvent[] = [];
  /** The close, once the socket closed. */
  closed: SocketClose | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly invalidListeners = new Set<(frame: InvalidFrame) => void>();
  private readonly closeListeners = new Set<(close: SocketClose) => void>();
  private wakers: Array<() => void> = [];
  private readonly now: () => number;

  constructor(
    readonly socket: RealtimeSocketLike,
    private readonly options: RealtimeClientOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const listener of this.closeListeners) listener(this.closed);
      this.wake();
    });
  }

  /** Whether the socket is open. */
  get open(): boolean {
    return this.socket.readyState === 1 && this.closed === null;
  }

  /** Sends a client event as JSON text. */
  send(event: ClientEvent): void {
    this.socket.send(JSON.stringify(event));
  }

  /** Sends a raw text frame (for tests of malformed input). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Sends a `session.update` built from `settings` (see `sessionUpdate`). */
  update(settings: TranscriptionSettings): void {
    this.send(sessionUpdate(settings));
  }

  /** Appends audio bytes in the session's format (nothing is sent for an empty chunk). */
  append(bytes: Uint8Array): void {
    if (bytes.byteLength > 0) this.send({ type: 'input_audio_buffer.append', audio: encodeBase64(bytes) });
  }

  commit(): void {
    this.send({ type: 'input_audio_buffer.commit' });
  }

  clear(): void {
    this.send({ type: 'input_audio_buffer.clear' });
  }

  /** Closes the socket (normally, by default) if it is still connecting or open. */
  close(code = 1000, reason = ''): void {
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
  }

  /** Calls `listener` with every event of `type` (and its arrival time); returns the unsubscribe. */
  on<T extends ServerEventType>(
    type: T,
    listener: (event: ServerEventOf<T>, at: number) => void,
  ): () => void {
    return this.onEvent((event, at) => {
      if (event.type === type) listener(event as ServerEventOf<T>, at);
    });
  }

  /** Calls `listener` with every server event; returns the unsubscribe. */
  onEvent(listener: (event: ServerEvent, at: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every frame that is not a server event. */
  onInvalid(listener: (frame: InvalidFrame) => void): () => void {
    this.invalidListeners.add(listener);
    return () => this.invalidListeners.delete(listener);
  }

  /** Calls `listener` when the socket closes. */
  onClose(listener: (close: SocketClose) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Recorded events of `type` so far (needs `record`). */
  ofType<T extends ServerEventType>(type: T): ServerEventOf<T>[] {
    return this.events.filter((e): e is ServerEventOf<T> => e.type === type);
  }

  /**
   * Resolves to the next event of `type` (matching `where`); rejects on timeout or close. With
   * `from` (and `record`), events already recorded at index ≥ `from` count too.
   */
  async waitFor<T extends ServerEventType>(
    type: T,
    options: WaitOptions<ServerEventOf<T>>,
  ): Promise<ServerEventOf<T>> {
    const matches = (e: ServerEvent): e is ServerEventOf<T> =>
      e.type === type && (options.where?.(e as ServerEventOf<T>) ?? true);
    let found: ServerEventOf<T> | undefined =
      options.from === undefined ? undefined : this.events.slice(options.from).find(matches);
    if (found !== undefined) return found;
    const off = this.onEvent((e) => {
      if (found === undefined && matches(e)) found = e;
    });
    try {
      const ok = await this.until(() => found !== undefined, options.timeoutMs);
      if (found !== undefined) return found;
      throw new Error(
        ok || this.closed === null
          ? `timed out waiting for ${type}; got: ${this.events.map((e) => e.type).join(', ') || '(not recorded)'}`
          : `socket closed (${this.closed.code}) while waiting for ${type}`,
      );
    } finally {
      off();
    }
  }

  /** Resolves true once `done()` holds, false when the socket closes or `timeoutMs` passes first. */
  async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      if (done()) return true;
      if (this.closed !== null) return false;
      const left = deadline - this.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves to the close once the socket closed; rejects after `timeoutMs`. */
  async waitClosed(timeoutMs: number): Promise<SocketClose> {
    await this.until(() => this.closed !== null, timeoutMs);
    if (this.closed === null) throw new Error('socket did not close');
    return this.closed;
  }

  private receive(data: unknown): void {
    const at = this.now();
    const event = this.parse(data);
    if (event === null) return;
    if (this.options.record) this.events.push(event);
    for (const listener of this.listeners) listener(event, at);
    this.wake();
  }

  /** The server event in a frame, or null (reported to `onInvalid`). */
  private parse(data: unknown): ServerEvent | null {
    if (typeof data !== 'string') return this.invalid('non-text frame', data);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return this.invalid('frame is not JSON', data);
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      typeof (parsed as { type?: unknown }).type !== 'string'
    )
      return this.invalid('frame has no string type', data);
    // Typed as the protocol defines it; a client that must check shapes does so in `onEvent`.
    return parsed as ServerEvent;
  }

  private invalid(reason: InvalidFrame['reason'], data: unknown): null {
    for (const listener of this.invalidListeners) listener({ reason, data });
    this.wake();
    return null;
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}
