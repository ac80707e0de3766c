/**
 * The server's Prometheus metrics (`GET /metrics`), on a registry of its own so that several
 * servers can live in one process: sessions, audio seconds, decode latency, errors by code and the
 * decode queue depth, plus Node's default process metrics.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SessionKind } from '../limits/session-registry.ts';

/** Options of `ServerMetrics`. */
export interface ServerMetricsOptions {
  /** Decodes waiting or running on the shared model, read at scrape time. */
  readonly queueDepth: () => number;
  /** Also collect Node's default process metrics (memory, CPU, event loop); default true. */
  readonly processMetrics?: boolean;
}

/** Decode latency buckets, in seconds. */
const DECODE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics of one server, on their own prom-client registry. */
export class ServerMetrics {
  /** The registry `GET /metrics` serialises. */
  readonly registry = new Registry();
  private readonly sessions: Gauge<'kind'>;
  private readonly sessionsOpened: Counter<'kind'>;
  private readonly audioSeconds: Counter<'kind'>;
  private readonly decodeSeconds: Histogram<'kind'>;
  private readonly errors: Counter<'code'>;
  private readonly httpRequests: Counter<'route' | 'status'>;

  constructor(options: ServerMetricsOptions) {
    const registers = [this.registry];
    this.sessions = new Gauge({
      name: 'earshot_sessions',
      help: 'Sessions held now: realtime connections and file transcriptions in progress.',
      labelNames: ['kind'],
      registers,
    });
    this.sessionsOpened = new Counter({
      name: 'earshot_sessions_opened_total',
      help: 'Sessions opened since the server started.',
      labelNames: ['kind'],
      registers,
    });
    this.audioSeconds = new Counter({
      name: 'earshot_audio_seconds_total',
      help: 'Seconds of audio transcribed (committed realtime items and uploaded files).',
      labelNames: ['kind'],
      registers,
    });
    this.decodeSeconds = new Histogram({
      name: 'earshot_decode_seconds',
      help: 'Latency of one model decode as a session sees it, queue wait included (partial or final).',
      labelNames: ['kind'],
      buckets: DECODE_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'earshot_errors_total',
      help: 'Errors sent to clients (error events, failed items, HTTP errors and refusals), by code.',
      labelNames: ['code'],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'earshot_http_requests_total',
      help: 'HTTP requests answered, by route and status.',
      labelNames: ['route', 'status'],
      registers,
    });
    new Gauge({
      name: 'earshot_decode_queue_depth',
      help: 'Decodes waiting or running on the shared model.',
      registers,
      collect() {
        this.set(options.queueDepth());
      },
    });
    for (const kind of ['realtime', 'transcription'] as const) this.sessions.set({ kind }, 0);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records the number of sessions of `kind` held now. */
  setSessions(kind: SessionKind, held: number): void {
    this.sessions.set({ kind }, held);
  }

  /** Counts a session opened. */
  sessionOpened(kind: SessionKind): void {
    this.sessionsOpened.inc({ kind });
  }

  /** Adds `seconds` of transcribed audio. */
  audio(kind: SessionKind, seconds: number): void {
    if (seconds > 0) this.audioSeconds.inc({ kind }, seconds);
  }

  /** Observes one decode of `seconds`. */
  decode(kind: 'partial' | 'final' | 'segment', seconds: number): void {
    this.decodeSeconds.observe({ kind }, seconds);
  }

  /** Counts one error sent to a client. */
  error(code: string | null): void {
    this.errors.inc({ code: code ?? 'null' });
  }

  /** Counts one HTTP response. */
  httpRequest(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
