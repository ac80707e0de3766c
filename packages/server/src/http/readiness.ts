/**
 * `GET /readyz`: whether this replica takes new sessions, with its load, for balancers and
 * orchestrators. 200 while it accepts sessions; 503 when it holds `--max-sessions` (`full`) or is
 * shutting down (`draining`), so that a health-checking balancer (HAProxy's `option httpchk`, a
 * Kubernetes readiness probe) sends new sessions elsewhere. Sessions already open are not affected.
 */
import type { ServerContext } from '../context.ts';

/** What `/readyz` answers: the replica's state and load. */
export interface ReplicaLoad {
  /** `ready` (200), `full` or `draining` (503). */
  readonly status: 'ready' | 'full' | 'draining';
  /** The replica's name (`--replica-id`, default `<hostname>:<port>`). */
  readonly replica: string;
  readonly model: string;
  /** Sessions held now: realtime connections plus file transcriptions in progress. */
  readonly sessions: number;
  readonly max_sessions: number;
  /** Decodes waiting or running on the shared model. */
  readonly queue_depth: number;
  readonly draining: boolean;
}

/** The load of the replica of `ctx` now. */
export function replicaLoad(ctx: ServerContext): ReplicaLoad {
  const draining = ctx.draining();
  const sessions = ctx.registry.size;
  const full = sessions >= ctx.limits.maxSessions;
  return {
    status: draining ? 'draining' : full ? 'full' : 'ready',
    replica: ctx.replica(),
    model: ctx.recognizer.model,
    sessions,
    max_sessions: ctx.limits.maxSessions,
    queue_depth: ctx.queueDepth(),
    draining,
  };
}

/** The HTTP status of `/readyz` for `load`. */
export function readinessStatus(load: ReplicaLoad): 200 | 503 {
  return load.status === 'ready' ? 200 : 503;
}
