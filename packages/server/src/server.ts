/**
 * `EarshotServer`: one HTTP(S) server with the `/v1/realtime` WebSocket, the REST routes, limits,
 * auth and metrics around one shared recognizer, and a graceful shutdown.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Recognizer } from '@earshot/core/engine';
import type { IdSource, ServerVadConfig } from '@earshot/core/protocol';
import type { SpeechScorer } from '@earshot/core/vad';
import { ApiKeys } from './auth/api-keys.ts';
import { type AllowedOrigins, OriginPolicy } from './auth/origins.ts';
import type { ServerContext } from './context.ts';
import { createRequestHandler, type FallbackHandler } from './http/router.ts';
import { resolveServerLimits, type ServerLimits } from './limits/limits.ts';
import { SessionRegistry } from './limits/session-registry.ts';
import { type Logger, silentLogger } from './log/logger.ts';
import { MeteredRecognizer } from './metrics/metered-recognizer.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { REALTIME_PATH, RealtimeEndpoint } from './realtime/upgrade.ts';

/** How often, in ms, idle keep-alive connections are closed during shutdown. */
const IDLE_SWEEP_MS = 50;

/** Default ms a closing client gets to finish the close handshake before it is cut. */
export const DEFAULT_CLOSE_GRACE_MS = 2000;

/** Options of `EarshotServer`; only `recognizer` is required. */
export interface EarshotServerOptions {
  /** The loaded model, shared by every session (see `loadNodeRecognizer`). */
  readonly recognizer: Recognizer;
  /** Limits; absent fields take `DEFAULT_SERVER_LIMITS`. */
  readonly limits?: Partial<ServerLimits>;
  /** Accepted API keys; none (the default) leaves the server open. */
  readonly apiKeys?: ApiKeys | readonly string[];
  /** Browser origins allowed to connect; default `*` (any). */
  readonly allowedOrigins?: AllowedOrigins;
  /** Model names accepted as aliases of the served model, or `'*'`; default none. */
  readonly acceptModels?: readonly string[] | '*';
  /** Accept only 24 kHz `audio/pcm`, as OpenAI does; default false (16/24/48 kHz). */
  readonly strictRates?: boolean;
  /** Refuse `/v1/realtime` URLs with neither `model` nor `intent` (`missing_model`, close 4000), as OpenAI does; default false. */
  readonly strictUrls?: boolean;
  /** Turn detection new sessions start with; default server VAD (as OpenAI), `null` for manual commits. */
  readonly turnDetection?: ServerVadConfig | null;
  /** Makes each session's speech scorer for server VAD (e.g. `sileroVad.scorer()`); default core's energy scorer. */
  readonly speechScorer?: () => SpeechScorer;
  /** Id maker shared by all sessions; default random ids. */
  readonly ids?: IdSource;
  /** PEM certificate and key: serve HTTPS and `wss://` instead of plain HTTP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Logger; default silent. */
  readonly logger?: Logger;
  /** Seconds between liveness pings to realtime clients; default 20, 0 = none. */
  readonly pingIntervalSeconds?: number;
  /** Seconds running sessions get to finish on shutdown; default 10. */
  readonly shutdownGraceSeconds?: number;
  /** Ms a closing client gets to finish the close handshake before it is cut; default 2000. */
  readonly closeGraceMs?: number;
  /** Also export Node's process metrics; default true. */
  readonly processMetrics?: boolean;
  /** Handler for requests no API route matches (the hook the web demo page mounts on). */
  readonly fallback?: FallbackHandler;
  /**
   * Name of this replica behind a balancer, in `/readyz`, `/healthz` and the `x-earshot-replica`
   * header of realtime upgrades (1–128 visible ASCII characters); default `<hostname>:<port>`.
   */
  readonly replicaId?: string;
}

/** What a replica id may be: it goes into an HTTP header. */
const REPLICA_ID = /^[!-~]{1,128}$/;

/** Where a listening server can be reached. */
export interface ServerUrls {
  /** Base URL of the REST API and the `baseURL` of an `openai` client, e.g. `http://127.0.0.1:8000/v1`. */
  readonly api: string;
  /** The Realtime endpoint, e.g. `ws://127.0.0.1:8000/v1/realtime?intent=transcription`. */
  readonly realtime: string;
  readonly healthz: string;
  readonly readyz: string;
  readonly metrics: string;
}

/** The Earshot HTTP(S) server: realtime WebSocket, REST routes, limits, auth and metrics on one port. */
export class EarshotServer {
  /** The underlying Node server. */
  readonly http: Server;
  readonly metrics: ServerMetrics;
  readonly limits: ServerLimits;
  /** Sessions held now, and the place to acquire new ones. */
  readonly registry: SessionRegistry;
  private readonly ctx: ServerContext;
  private readonly realtime: RealtimeEndpoint;
  private readonly options: EarshotServerOptions;
  private heartbeat: NodeJS.Timeout | null = null;
  private draining = false;
  private shutdownPromise: Promise<void> | null = null;

  constructor(options: EarshotServerOptions) {
    this.options = options;
    if (options.replicaId !== undefined && !REPLICA_ID.test(options.replicaId))
      throw new Error('replicaId must be 1 to 128 visible ASCII characters (it is sent as a header).');
    this.limits = resolveServerLimits(options.limits);
    let recognizer: MeteredRecognizer | null = null;
    const queueDepth = () => recognizer?.queueDepth ?? 0;
    this.metrics = new ServerMetrics({
      queueDepth,
      busySeconds: () => recognizer?.busySeconds ?? 0,
      batchStats: () => recognizer?.batchStats ?? null,
      maxSessions: this.limits.maxSessions,
      draining: () => this.draining,
      processMetrics: options.processMetrics,
    });
    recognizer = new MeteredRecognizer(options.recognizer, (kind, seconds) =>
      this.metrics.decode(kind, seconds),
    );
    this.registry = new SessionRegistry(this.limits.maxSessions, (kind, held) =>
      this.metrics.setSessions(kind, held),
    );
    const keys = options.apiKeys instanceof ApiKeys ? options.apiKeys : new ApiKeys(options.apiKeys ?? []);
    this.ctx = {
      recognizer,
      limits: this.limits,
      keys,
      origins: new OriginPolicy(options.allowedOrigins ?? '*'),
      registry: this.registry,
      metrics: this.metrics,
      logger: options.logger ?? silentLogger(),
      session: {
        acceptModels: options.acceptModels ?? [],
        strictRates: options.strictRates ?? false,
        strictUrls: options.strictUrls ?? false,
        turnDetection: options.turnDetection,
        ids: options.ids,
        speechScorer: options.speechScorer,
      },
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      draining: () => this.draining,
      replica: () => this.replicaId,
      queueDepth,
    };
    this.realtime = new RealtimeEndpoint(this.ctx);
    const handler = createRequestHandler(this.ctx, options.fallback);
    this.http = options.tls ? createHttpsServer({ ...options.tls }, handler) : createHttpServer(handler);
    this.http.on('upgrade', (request, socket, head) => this.realtime.handleUpgrade(request, socket, head));
  }

  /** True when API keys are required. */
  get authenticated(): boolean {
    return !this.ctx.keys.open;
  }

  /** This replica's name (`replicaId`, else `<hostname>:<port>` once listening). */
  get replicaId(): string {
    if (this.options.replicaId !== undefined) return this.options.replicaId;
    const address = this.http.address();
    return typeof address === 'object' && address !== null ? `${hostname()}:${address.port}` : hostname();
  }

  /** Realtime sessions open now. */
  get realtimeSessions(): number {
    return this.realtime.connections.size;
  }

  /** Starts listening; resolves to the bound address (port 0 picks a free port). */
  async listen(port = 8000, host = '127.0.0.1'): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const seconds = this.options.pingIntervalSeconds ?? 20;
    if (seconds > 0) {
      this.heartbeat = setInterval(() => this.realtime.heartbeat(), seconds * 1000);
      this.heartbeat.unref();
    }
    return this.http.address() as AddressInfo;
  }

  /** The URLs of the listening server. */
  urls(): ServerUrls {
    const address = this.http.address() as AddressInfo | null;
    if (address === null) throw new Error('the server is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const tls = this.options.tls !== undefined;
    const base = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
    return {
      api: `${base}/v1`,
      realtime: `${tls ? 'wss' : 'ws'}://${host}:${address.port}${REALTIME_PATH}?intent=transcription`,
      healthz: `${base}/healthz`,
      readyz: `${base}/readyz`,
      metrics: `${base}/metrics`,
    };
  }

  /**
   * Graceful shutdown (drain): refuses new sessions (upgrades and file requests get 503, `/readyz`
   * answers 503 `draining`), lets running realtime sessions finish the work they received
   * (committed items get their `completed`) and in-flight requests end, closes each realtime socket
   * cleanly (1001 `server shutting down`), then stops listening; anything still open after the
   * grace period (plus the close handshake's grace) is cut.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.stop();
    return this.shutdownPromise;
  }

  private async stop(): Promise<void> {
    this.draining = true;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    const graceMs = (this.options.shutdownGraceSeconds ?? 10) * 1000;
    let cutDone = false;
    const cut = setTimeout(() => {
      cutDone = true;
      this.http.closeAllConnections();
    }, graceMs + this.ctx.closeGraceMs);
    // Keep-alive connections become idle as their last request ends: close them as they do.
    const sweep = setInterval(() => this.http.closeIdleConnections(), IDLE_SWEEP_MS);
    this.http.closeIdleConnections();
    // The listener stays open while sessions drain, so that balancers and probes read 503 from
    // /readyz, and a new session gets a 503 a balancer can retry elsewhere, not a refused connection.
    await this.realtime.drain(graceMs);
    const closed = new Promise<void>((resolve) => {
      if (!this.http.listening) return resolve();
      this.http.close(() => resolve());
    });
    if (cutDone) this.http.closeAllConnections();
    await closed;
    clearTimeout(cut);
    clearInterval(sweep);
  }
}
