/** What every part of a running server shares: model, limits, auth, metrics, logs. */
import type { Recognizer } from '@earshot/core/engine';
import type { IdSource, ServerVadConfig } from '@earshot/core/protocol';
import type { SpeechScorer } from '@earshot/core/vad';
import type { ApiKeys } from './auth/api-keys.ts';
import type { OriginPolicy } from './auth/origins.ts';
import type { ServerLimits } from './limits/limits.ts';
import type { SessionRegistry } from './limits/session-registry.ts';
import type { Logger } from './log/logger.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';

/** Session settings the server passes to every `RealtimeSession`. */
export interface SessionDefaults {
  /** Model names accepted as aliases of the served model, or `'*'`. */
  readonly acceptModels: readonly string[] | '*';
  /** Accept only 24 kHz `audio/pcm`, as OpenAI does. */
  readonly strictRates: boolean;
  /** Refuse Realtime URLs with neither `model` nor `intent` (`missing_model`), as OpenAI does. */
  readonly strictUrls: boolean;
  /** Turn detection a new session starts with (`undefined` = the core's default, server VAD). */
  readonly turnDetection: ServerVadConfig | null | undefined;
  /** Id maker shared by all sessions (ids never collide across sessions). */
  readonly ids: IdSource | undefined;
  /** Makes each session's speech scorer (`undefined` = core's energy scorer). */
  readonly speechScorer: (() => SpeechScorer) | undefined;
}

/** The shared state of one server. */
export interface ServerContext {
  /** The shared model, wrapped for metrics. */
  readonly recognizer: Recognizer;
  readonly limits: ServerLimits;
  readonly keys: ApiKeys;
  readonly origins: OriginPolicy;
  readonly registry: SessionRegistry;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly session: SessionDefaults;
  /** Ms a closing connection may take to finish its close handshake before it is cut. */
  readonly closeGraceMs: number;
  /** True once shutdown began: new sessions are refused. */
  readonly draining: () => boolean;
  /** The replica's name: in `/readyz`, `/healthz` and the `x-earshot-replica` header of realtime upgrades. */
  readonly replica: () => string;
  /** Decodes waiting or running on the shared model. */
  readonly queueDepth: () => number;
}
