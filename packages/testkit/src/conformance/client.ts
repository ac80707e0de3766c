/**
 * The conformance suite's test client: core's `RealtimeClient` (recording every event) plus the
 * checks every frame must pass — a JSON text frame with a string `type` and `event_id`
 * (checklist item 4) whose event matches its schema field by field (`schemas.ts`). Events are
 * handed to checks loosely typed on purpose: the checks test shapes a server may get wrong.
 */
import { RealtimeClient, type RealtimeSocketLike, type SocketClose } from '@earshot/core/client';
import { schemaViolation } from './schemas.ts';

/** The socket the suite drives: a Realtime socket that can also send a binary frame (check #29). */
export interface WebSocketLike extends RealtimeSocketLike {
  readonly protocol: string;
  send(data: string | Uint8Array): void;
}

/** A server event as the checks see it. */
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
  /** Frames that broke the envelope rules or their event's schema. */
  readonly violations: string[] = [];
  private readonly client: RealtimeClient;

  constructor(readonly socket: WebSocketLike) {
    this.client = new RealtimeClient(socket, { record: true });
    this.client.onInvalid((frame) => this.violations.push(frame.reason));
    this.client.onEvent((event) => {
      const wire = event as unknown as WireEvent;
      if (typeof wire.event_id !== 'string' || wire.event_id === '')
        this.violations.push(`${event.type} has no event_id`);
      const broken = schemaViolation(wire);
      if (broken !== null) this.violations.push(broken);
    });
  }

  /** Every server event received, in order. */
  get events(): WireEvent[] {
    return this.client.events as unknown as WireEvent[];
  }

  /** The close, once the server closed. */
  get closed(): SocketClose | null {
    return this.client.closed;
  }

  /** Sends an event as JSON text — any shape, so checks can send malformed ones. */
  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  /** Sends a raw text frame. */
  sendRaw(text: string): void {
    this.client.sendRaw(text);
  }

  /** Resolves to the first event at index ≥ `from` matching `predicate`; rejects after `timeoutMs` or on close. */
  async waitFor(predicate: (event: WireEvent) => boolean, timeoutMs: number, from = 0): Promise<WireEvent> {
    const find = () => this.events.slice(from).find(predicate);
    await this.client.until(() => find() !== undefined, timeoutMs);
    const found = find();
    if (found !== undefined) return found;
    if (this.closed !== null) throw new Error(`socket closed (${this.closed.code}) while waiting`);
    throw new Error(`timed out; got: ${this.events.map((e) => e.type).join(', ')}`);
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
  waitClosed(timeoutMs: number): Promise<SocketClose> {
    return this.client.waitClosed(timeoutMs);
  }
}
