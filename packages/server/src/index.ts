/**
 * @earshot/server — Earshot's Node host. Groups:
 * - server:  `EarshotServer` (`/v1/realtime`, `/v1/audio/transcriptions`, `/v1/models`, `/healthz`, `/metrics`)
 * - limits:  `ServerLimits` and their defaults
 * - auth:    API keys and the Origin allow-list
 * - model:   loading a model folder on onnxruntime-node (CUDA when available, else CPU)
 * - cli:     the `earshot` command (`earshot serve`)
 */

export {
  type AllowedOrigins,
  type ApiKeySources,
  ApiKeys,
  OriginPolicy,
  parseOrigins,
} from './auth/index.ts';
export { buildProgram, runCli } from './cli/program.ts';
export type { ReplicaLoad } from './http/readiness.ts';
export type { FallbackHandler } from './http/router.ts';
export { DEFAULT_SERVER_LIMITS, resolveServerLimits, type ServerLimits } from './limits/limits.ts';
export { createLogger, type Logger, type LogLevel } from './log/logger.ts';
export {
  DecodeThread,
  EMBEDDED_MODEL_DIR,
  FsModelSource,
  loadNodeRecognizer,
  loadThreadedRecognizer,
  type NodeRecognizerOptions,
} from './model/index.ts';
export { SHUTDOWN_CLOSE } from './realtime/connection.ts';
export { REALTIME_PATH, REPLICA_HEADER } from './realtime/upgrade.ts';
export {
  DEFAULT_CLOSE_GRACE_MS,
  EarshotServer,
  type EarshotServerOptions,
  type ServerUrls,
} from './server.ts';
