/**
 * One `/v1/realtime` connection: a core `SessionHost` (the session, its idle timeout and
 * maximum length, as in the page) bound to a `ws` socket, with what only a server has —
 * back-pressure in both directions, the connection's metrics and logs.
 */
import type { ServerEvent } from '@earshot/core/protocol';
import { type RealtimeSession, SessionHost } from '@earshot/core/session';
import { WebSocket } from 'ws';
import type { ServerContext } from '../context.ts';
import { InboundFlow } from '../limits/inbound-flow.ts';
import type { SessionLease } from '../limits/session-registry.ts';
import type { Logger } from '../log/logger.ts';

/** Close code and reason sent to sessions still open when the server shuts down. */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'server shutting down' } as const;

/** How often, in ms, a paused connection checks whether its session caught up. */
const RESUME_POLL_MS = 5;

/** One WebSocket connection and its session, with the host-side limits and metrics. */
export class RealtimeConnection {
  /** The core session of this connection. */
  readonly session: RealtimeSession;
  private readonly host: SessionHost;
  /** Resolves once the socket is closed and the session released. */
  readonly closed: Promise<void>;
  private readonly log: Logger;
  private readonly flow: InboundFlow;
  private readonly openedAt = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();
  private ending = false;
  private draining = false;
  private alive = true;

  /** Binds `ws` to a new session (which sends `session.created`); `lease` is released on close. */
  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: ServerContext,
    lease: SessionLease,
    remote: string | undefined,
  ) {
    const { limits } = ctx;
    this.host = new SessionHost(
      { send: (event) => this.send(event), close: (code, reason) => this.closeSocket(code, reason) },
      {
        recognizer: ctx.recognizer,
        limits: {
          maxEventBytes: limits.maxEventBytes,
          maxBufferSeconds: limits.maxBufferSeconds,
          maxSessionSeconds: limits.maxSessionSeconds,
          idleTimeoutSeconds: limits.idleTimeoutSeconds,
        },
        acceptModels: ctx.session.acceptModels,
        strictRates: ctx.session.strictRates,
        ...(ctx.session.turnDetection === undefined ? {} : { turnDetection: ctx.session.turnDetection }),
        ...(ctx.session.ids === undefined ? {} : { ids: ctx.session.ids }),
        ...(ctx.session.speechScorer === undefined ? {} : { speechScorer: ctx.session.speechScorer }),
        onInternalError: (error) => this.log.error({ err: error }, 'internal error in session'),
      },
    );
    this.session = this.host.session;
    this.log = ctx.logger.child({ session: this.session.id });
    this.flow = new InboundFlow(limits.maxEventBytes, () => this.session.queuedEvents);
    ctx.metrics.sessionOpened('realtime');
    this.log.info({ remote }, 'realtime session opened');

    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        for (const timer of this.timers) clearTimeout(timer);
        this.host.end();
        lease.release();
        const seconds = (Date.now() - this.openedAt) / 1000;
        this.log.info({ code, reason: reason.toString(), seconds }, 'realtime session closed');
        resolve();
      });
    });
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        ctx.metrics.error('event_too_large');
        this.log.warn('frame far over the event size limit; closed with 1009');
      } else {
        this.log.warn({ err: error }, 'socket error');
      }
    });
  }

  /** Liveness check, called every ping interval: cuts a peer that did not answer the previous ping. */
  heartbeat(): void {
    // While reading is paused (inbound back-pressure) the peer's pong cannot be read yet.
    if (this.ws.readyState !== WebSocket.OPEN || this.ws.isPaused) return;
    if (!this.alive) {
      this.log.warn('peer did not answer a ping; connection cut');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /**
   * Graceful end for shutdown: stops reading client frames, lets the work already received finish
   * (committed items get their `completed`) for at most `graceMs`, then closes with 1001.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.session.settled(), deadline, this.closed]);
    clearTimeout(timer);
    if (this.ws.readyState === WebSocket.OPEN) {
      this.session.close();
      this.closeSocket(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
    }
    await this.closed;
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.draining || this.ending) return;
    if (isBinary) {
      this.host.receiveBinary();
      return;
    }
    const text = data.toString();
    this.host.receiveText(text);
    const bytes = Buffer.isBuffer(data) ? data.length : Buffer.byteLength(text);
    if (this.flow.received(bytes) && !this.ws.isPaused) {
      this.ws.pause();
      this.resumeWhenCaughtUp();
    }
  }

  private resumeWhenCaughtUp(): void {
    this.later(RESUME_POLL_MS, () => {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      if (this.flow.canResume()) this.ws.resume();
      else this.resumeWhenCaughtUp();
    });
  }

  private send(event: ServerEvent): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(event));
    this.observe(event);
    const cap = this.ctx.limits.maxSendBufferBytes;
    if (!this.ending && this.ws.bufferedAmount > cap) {
      this.ending = true;
      this.log.warn({ buffered: this.ws.bufferedAmount }, 'slow consumer');
      this.session.endWith(
        'slow_consumer',
        `The client read server events too slowly: more than ${cap} bytes were waiting to be sent.`,
      );
    }
  }

  private observe(event: ServerEvent): void {
    const { metrics } = this.ctx;
    if (event.type === 'error') metrics.error(event.error.code);
    else if (event.type === 'conversation.item.input_audio_transcription.failed')
      metrics.error(event.error.code);
    else if (event.type === 'conversation.item.input_audio_transcription.completed')
      metrics.audio('realtime', event.usage.seconds);
  }

  /** Closes the socket with `code`; a peer that does not finish the handshake in time is cut. */
  private closeSocket(code: number, reason: string): void {
    this.ending = true;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    this.later(this.ctx.closeGraceMs, () => this.ws.terminate());
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
