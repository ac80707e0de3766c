/**
 * A protocol test client over any WebSocket-like object (browser `WebSocket`, `ws`, the in-page
 * socket, the in-memory test socket). It records every server frame and checks that each is a
 * JSON object with a string `type` and `event_id` (checklist item 4) and that each event of a
 * known type matches its schema field by field (`schemas.ts`).
 */
import { schemaViolation } from './schemas.ts';

/** The part of the WebSocket API the suite needs. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
}

/** A server event as the client sees it (loosely typed on purpose: the suite checks shapes). */
export type WireEvent = { type: string; event_id: string } & Record<string, unknown>;

/** Error object of an `error` event. */
export interface WireError {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
  event_id: string | null;
}

export class TestClient {
  /** Every server event received, in order. */
  readonly events: WireEvent[] = [];
  /** Frames that broke the envelope rules (not JSON, no string type/event_id, binary). */
  readonly violations: string[] = [];
  /** The close, once the server closed. */
  closed: { code: number; reason: string } | null = null;
  private wakers: Array<() => void> = [];

  constructor(readonly socket: WebSocketLike) {
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  /** Sends a client event as JSON text. */
  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  /** Sends a raw text frame. */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Resolves to the first event at index ≥ `from` matching `predicate`; rejects after `timeoutMs`. */
  async waitFor(predicate: (event: WireEvent) => boolean, timeoutMs: number, from = 0): Promise<WireEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(predicate);
      if (found !== undefined) return found;
      if (this.closed !== null) throw new Error(`socket closed (${this.closed.code}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got: ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves to the first event of `type` at index ≥ `from`. */
  next(type: string, timeoutMs: number, from = 0): Promise<WireEvent> {
    return this.waitFor((e) => e.type === type, timeoutMs, from);
  }

  /** Events of `type` received so far. */
  ofType(type: string): WireEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Waits for the socket to close; resolves to the close. */
  async waitClosed(timeoutMs: number): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (this.closed === null) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.closed;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.violations.push('non-text frame');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.violations.push('frame is not JSON');
      return;
    }
    const event = parsed as WireEvent;
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') {
      this.violations.push('frame has no string type');
      return;
    }
    if (typeof event.event_id !== 'string' || event.event_id === '')
      this.violations.push(`${event.type} has no event_id`);
    const broken = schemaViolation(event);
    if (broken !== null) this.violations.push(broken);
    this.events.push(event);
    this.wake();
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}
