/**
 * `GET /v1/realtime` upgrades: path and Origin checks before the 101; then, as OpenAI does, the
 * key, the URL and the session limit are checked after it, a refusal being an `error` event
 * followed by a close (3000 for keys, 4000 otherwise).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ClosingError, closingError, type ErrorCode } from '@earshot/core/errors';
import { checkRealtimeUrl } from '@earshot/core/protocol';
import { refuseConnection, urlRefusal } from '@earshot/core/session';
import { type WebSocket, WebSocketServer } from 'ws';
import { requestKey, selectSubprotocol } from '../auth/credentials.ts';
import type { ServerContext } from '../context.ts';
import { errorBody } from '../http/respond.ts';
import { FRAME_SLACK_BYTES } from '../limits/limits.ts';
import { RealtimeConnection, SHUTDOWN_CLOSE } from './connection.ts';

/** The path of the Realtime WebSocket endpoint. */
export const REALTIME_PATH = '/v1/realtime';

/** Response header of the 101 that names the replica holding the session (`--replica-id`). */
export const REPLICA_HEADER = 'x-earshot-replica';

/** Accepts realtime upgrades for one server and keeps its open connections. */
export class RealtimeEndpoint {
  /** Connections open now. */
  readonly connections = new Set<RealtimeConnection>();
  private readonly wss: WebSocketServer;

  constructor(private readonly ctx: ServerContext) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: ctx.limits.maxEventBytes + FRAME_SLACK_BYTES,
      handleProtocols: (offered) => selectSubprotocol(offered),
    });
    // Which replica took the session, for clients and operators behind a balancer.
    this.wss.on('headers', (headers) => headers.push(`${REPLICA_HEADER}: ${ctx.replica()}`));
  }

  /** Handles an HTTP upgrade request (the server's `upgrade` event). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== REALTIME_PATH) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (this.ctx.draining()) {
      rejectUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    if (!this.ctx.origins.allows(request.headers.origin)) {
      this.ctx.metrics.error('origin_not_allowed');
      this.ctx.logger.warn({ origin: request.headers.origin }, 'realtime upgrade from an origin not allowed');
      rejectUpgrade(socket, 403, 'Forbidden', 'origin_not_allowed');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, url));
  }

  /** Sends every open connection a liveness ping (cutting those that did not answer the last one). */
  heartbeat(): void {
    for (const connection of this.connections) connection.heartbeat();
  }

  /** Drains every connection (see `RealtimeConnection.drain`). */
  async drain(graceMs: number): Promise<void> {
    await Promise.all([...this.connections].map((connection) => connection.drain(graceMs)));
  }

  private accept(ws: WebSocket, request: IncomingMessage, url: URL): void {
    if (this.ctx.draining()) {
      ws.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
      return;
    }
    if (!this.ctx.keys.accepts(requestKey(request))) {
      this.refuse(ws, closingError('invalid_api_key', 'Incorrect API key provided.'));
      return;
    }
    const refusal = checkRealtimeUrl(url, { strict: this.ctx.session.strictUrls });
    if (refusal !== null) {
      this.refuse(ws, urlRefusal(refusal));
      return;
    }
    const lease = this.ctx.registry.tryAcquire('realtime');
    if (lease === null) {
      this.ctx.logger.warn({ max: this.ctx.limits.maxSessions }, 'session refused: server full');
      this.refuse(
        ws,
        closingError(
          'too_many_sessions',
          `The server already holds its maximum of ${this.ctx.limits.maxSessions} sessions; try again later.`,
        ),
      );
      return;
    }
    const connection = new RealtimeConnection(ws, this.ctx, lease, request.socket.remoteAddress);
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
  }

  /** Refuses the session as every host does (core's `refuseConnection`): an `error` event, then its close. */
  private refuse(ws: WebSocket, ending: ClosingError): void {
    refuseConnection(
      { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
      ending,
      this.ctx.session.ids,
    );
    this.ctx.metrics.error(ending.error.code);
    const cut = setTimeout(() => ws.terminate(), this.ctx.closeGraceMs);
    ws.once('close', () => clearTimeout(cut));
  }
}

/** Answers an upgrade request with a plain HTTP error and drops the socket. */
function rejectUpgrade(socket: Duplex, status: number, text: string, code: ErrorCode | null = null): void {
  const body = JSON.stringify(errorBody(code, text));
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
