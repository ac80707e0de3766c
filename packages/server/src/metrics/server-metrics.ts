/**
 * The server's Prometheus metrics (`GET /metrics`), on a registry of its own so that several
 * servers can live in one process: sessions (and the most allowed), audio seconds, decode latency,
 * the model's busy time, errors by code, the decode queue depth and whether the server is draining,
 * plus Node's default process metrics. The autoscaling signals are `earshot_sessions`,
 * `earshot_decode_queue_depth` and the rate of `earshot_decode_busy_seconds_total`.
 */

import type { BatchStats } from '@earshot/core/engine';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SessionKind } from '../limits/session-registry.ts';

/** Options of `ServerMetrics`. */
export interface ServerMetricsOptions {
  /** Decodes waiting or running on the shared model, read at scrape time. */
  readonly queueDepth: () => number;
  /** Seconds the shared model has had a decode waiting or running since start, read at scrape time. */
  readonly busySeconds?: () => number;
  /** The recognizer's batch counters, read at scrape time (null: it decodes one at a time). */
  readonly batchStats?: () => BatchStats | null;
  /** Most sessions the server holds (`--max-sessions`). */
  readonly maxSessions?: number;
  /** True once shutdown began, read at scrape time. */
  readonly draining?: () => boolean;
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
    /** The configuration every labelled metric here starts from: name, help, labels, this registry. */
    const labelled = <L extends string>(name: string, help: string, ...labelNames: L[]) => ({
      name,
      help,
      labelNames,
      registers,
    });
    this.sessions = new Gauge(
      labelled(
        'earshot_sessions',
        'Sessions held now: realtime connections and file transcriptions in progress.',
        'kind',
      ),
    );
    this.sessionsOpened = new Counter(
      labelled('earshot_sessions_opened_total', 'Sessions opened since the server started.', 'kind'),
    );
    this.audioSeconds = new Counter(
      labelled(
        'earshot_audio_seconds_total',
        'Seconds of audio transcribed (committed realtime items and uploaded files).',
        'kind',
      ),
    );
    this.decodeSeconds = new Histogram({
      ...labelled(
        'earshot_decode_seconds',
        'Latency of one model decode as a session sees it, queue wait included (partial or final).',
        'kind',
      ),
      buckets: DECODE_BUCKETS,
    });
    this.errors = new Counter(
      labelled(
        'earshot_errors_total',
        'Errors sent to clients (error events, failed items, HTTP errors and refusals), by code.',
        'code',
      ),
    );
    this.httpRequests = new Counter(
      labelled(
        'earshot_http_requests_total',
        'HTTP requests answered, by route and status.',
        'route',
        'status',
      ),
    );
    new Gauge({
      name: 'earshot_decode_queue_depth',
      help: 'Decodes waiting or running on the shared model.',
      registers,
      collect() {
        this.set(options.queueDepth());
      },
    });
    // Counters that follow a total kept elsewhere (read at scrape time; it never goes back).
    const following = (name: string, help: string, read: () => number) => {
      let reported = 0;
      new Counter({
        name,
        help,
        registers,
        collect() {
          const now = read();
          if (now > reported) this.inc(now - reported);
          reported = now;
        },
      });
    };
    const busySeconds = options.busySeconds ?? (() => 0);
    following(
      'earshot_decode_busy_seconds_total',
      'Seconds the shared model had a decode waiting or running; its rate is the model utilisation (0 to 1).',
      busySeconds,
    );
    const batchStats = options.batchStats ?? (() => null);
    following(
      'earshot_decode_batches_total',
      'Model calls that decoded a batch of sessions (0 when not batching).',
      () => batchStats()?.batches ?? 0,
    );
    following(
      'earshot_decode_batch_rows_total',
      'Decodes run inside batches; divided by earshot_decode_batches_total, the mean batch size.',
      () => batchStats()?.jobs ?? 0,
    );
    new Gauge({
      name: 'earshot_max_sessions',
      help: 'Most sessions the server holds at once (--max-sessions); /readyz answers 503 at this many.',
      registers,
    }).set(options.maxSessions ?? 0);
    const draining = options.draining ?? (() => false);
    new Gauge({
      name: 'earshot_draining',
      help: '1 once shutdown began (new sessions refused, running ones finishing), else 0.',
      registers,
      collect() {
        this.set(draining() ? 1 : 0);
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
