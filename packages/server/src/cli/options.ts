/**
 * The flags of `earshot serve`, each with its environment variable and default, and their
 * conversion into a `ServeConfig`. A flag wins over its variable, which wins over the default.
 */
import { relative } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { type AllowedOrigins, parseOrigins } from '../auth/origins.ts';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../limits/limits.ts';
import { LOG_LEVELS, type LogLevel } from '../log/logger.ts';
import { DEFAULT_BATCH, EMBEDDED_MODEL_DIR } from '../model/index.ts';

/** Variable holding API keys (comma- or whitespace-separated); never a flag, so keys stay out of `ps`. */
export const API_KEYS_ENV = 'EARSHOT_API_KEYS';

/** Everything `earshot serve` needs, after flags, variables and defaults are merged. */
export interface ServeConfig {
  readonly model: string;
  readonly modelName: string | undefined;
  readonly modelAliases: readonly string[] | '*';
  readonly device: 'auto' | 'cuda' | 'cpu';
  readonly threads: number | undefined;
  readonly maxNewTokens: number | undefined;
  /** Most decodes of different sessions in one model call (1: one at a time). */
  readonly batch: number;
  /** How long the first decode of an idle model waits for others to batch with, in ms. */
  readonly batchWaitMs: number;
  readonly host: string;
  readonly port: number;
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  readonly apiKeysFile: string | undefined;
  readonly apiKeys: string | undefined;
  readonly allowedOrigins: AllowedOrigins;
  readonly limits: ServerLimits;
  readonly turnDetection: 'server_vad' | 'none';
  /** The speech scorer of server VAD. */
  readonly vad: 'energy' | 'silero';
  readonly strictRates: boolean;
  readonly strictUrls: boolean;
  readonly pingInterval: number;
  readonly shutdownGrace: number;
  readonly replicaId: string | undefined;
  readonly logLevel: LogLevel;
}

const integer = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}.`);
  return n;
};

const seconds = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new InvalidArgumentError(`expected a number of seconds ≥ ${min}.`);
  return n;
};

const replicaId = (value: string) => {
  if (!/^[!-~]{1,128}$/.test(value))
    throw new InvalidArgumentError('expected 1 to 128 visible ASCII characters (no spaces).');
  return value;
};

const option = (flags: string, description: string, env: string) => new Option(flags, description).env(env);

/** The options of `earshot serve`, in help order. */
export function serveOptions(): Option[] {
  const d = DEFAULT_SERVER_LIMITS;
  return [
    option(
      '--model <folder|name>',
      'model folder (layout v2), or the name of a model fetched with `earshot pull`',
      'EARSHOT_MODEL',
    ).default(
      EMBEDDED_MODEL_DIR,
      `the embedded model, ${relative(process.cwd(), EMBEDDED_MODEL_DIR) || EMBEDDED_MODEL_DIR}`,
    ),
    option(
      '--model-name <name>',
      "name clients use for the model (default: the folder's own)",
      'EARSHOT_MODEL_NAME',
    ),
    option(
      '--model-alias <names>',
      "other model names to accept, comma-separated, or '*' for any",
      'EARSHOT_MODEL_ALIASES',
    ),
    option('--device <device>', 'execution provider: cuda when available, else cpu', 'EARSHOT_DEVICE')
      .choices(['auto', 'cuda', 'cpu'])
      .default('auto'),
    option(
      '--threads <n>',
      "intra-op threads per model session (default: ONNX Runtime's)",
      'EARSHOT_THREADS',
    ).argParser(integer(1)),
    option(
      '--max-new-tokens <n>',
      "most tokens one decode generates (default: the model's prompt_config.json)",
      'EARSHOT_MAX_NEW_TOKENS',
    ).argParser(integer(1)),
    option(
      '--batch <n>',
      "most decodes of different sessions run together in one model call, through the model's batched graphs (1 = one at a time)",
      'EARSHOT_BATCH',
    )
      .argParser(integer(1))
      .default(DEFAULT_BATCH.maxBatch),
    option(
      '--batch-wait-ms <ms>',
      'how long the first decode of an idle model waits for others to batch with',
      'EARSHOT_BATCH_WAIT_MS',
    )
      .argParser(seconds(0))
      .default(DEFAULT_BATCH.waitMs),
    option('--host <host>', 'address to listen on', 'EARSHOT_HOST').default('127.0.0.1'),
    option('--port <port>', 'port to listen on (0 = any free port)', 'EARSHOT_PORT')
      .argParser(integer(0))
      .default(8000),
    option(
      '--tls-cert <file>',
      'PEM certificate: serve https:// and wss:// (needs --tls-key)',
      'EARSHOT_TLS_CERT',
    ),
    option('--tls-key <file>', 'PEM private key of --tls-cert', 'EARSHOT_TLS_KEY'),
    option(
      '--api-keys-file <file>',
      `file of accepted API keys, one per line (# comments); keys can also be given in ${API_KEYS_ENV}; none = open server`,
      'EARSHOT_API_KEYS_FILE',
    ),
    option(
      '--allowed-origins <list>',
      "browser origins allowed, comma-separated, or '*'",
      'EARSHOT_ALLOWED_ORIGINS',
    ).default('*'),
    option(
      '--max-sessions <n>',
      'most concurrent sessions (realtime + file), then too_many_sessions',
      'EARSHOT_MAX_SESSIONS',
    )
      .argParser(integer(1))
      .default(d.maxSessions),
    option(
      '--max-buffer-seconds <s>',
      'most audio in one input buffer, then input_audio_buffer_overflow',
      'EARSHOT_MAX_BUFFER_SECONDS',
    )
      .argParser(seconds(1))
      .default(d.maxBufferSeconds),
    option(
      '--max-event-bytes <bytes>',
      'largest client event, then event_too_large',
      'EARSHOT_MAX_EVENT_BYTES',
    )
      .argParser(integer(1024))
      .default(d.maxEventBytes),
    option(
      '--idle-timeout <s>',
      'seconds without a client event, then idle_timeout (0 = never)',
      'EARSHOT_IDLE_TIMEOUT',
    )
      .argParser(seconds(0))
      .default(d.idleTimeoutSeconds),
    option('--max-session-seconds <s>', 'session length, then session_expired', 'EARSHOT_MAX_SESSION_SECONDS')
      .argParser(seconds(1))
      .default(d.maxSessionSeconds),
    option(
      '--max-send-buffer-bytes <bytes>',
      'server events waiting for a slow client, then slow_consumer',
      'EARSHOT_MAX_SEND_BUFFER_BYTES',
    )
      .argParser(integer(1024))
      .default(d.maxSendBufferBytes),
    option(
      '--max-file-bytes <bytes>',
      'largest uploaded audio file, then file_too_large',
      'EARSHOT_MAX_FILE_BYTES',
    )
      .argParser(integer(1024))
      .default(d.maxFileBytes),
    option('--turn-detection <mode>', 'turn detection of new sessions', 'EARSHOT_TURN_DETECTION')
      .choices(['server_vad', 'none'])
      .default('server_vad'),
    option(
      '--vad <scorer>',
      'speech scorer of server VAD: energy (core, no model) or silero (Silero VAD v5 on ONNX Runtime)',
      'EARSHOT_VAD',
    )
      .choices(['energy', 'silero'])
      .default('energy'),
    option(
      '--strict-rates',
      'accept only 24 kHz audio/pcm, as OpenAI (its variable: any value turns it on)',
      'EARSHOT_STRICT_RATES',
    ),
    option(
      '--strict-urls',
      'refuse /v1/realtime URLs with neither model nor intent (missing_model, close 4000), as OpenAI (its variable: any value turns it on)',
      'EARSHOT_STRICT_URLS',
    ),
    option('--ping-interval <s>', 'seconds between liveness pings (0 = none)', 'EARSHOT_PING_INTERVAL')
      .argParser(seconds(0))
      .default(20),
    option(
      '--shutdown-grace <s>',
      'seconds running sessions get to finish on SIGTERM',
      'EARSHOT_SHUTDOWN_GRACE',
    )
      .argParser(seconds(0))
      .default(10),
    option(
      '--replica-id <name>',
      'name of this replica behind a balancer, in /readyz, /healthz and the x-earshot-replica header (default: <hostname>:<port>)',
      'EARSHOT_REPLICA_ID',
    ).argParser(replicaId),
    option('--log-level <level>', 'log level (JSON lines on stdout)', 'EARSHOT_LOG_LEVEL')
      .choices(LOG_LEVELS)
      .default('info'),
  ];
}

/** The commander values of `earshot serve` (camel-cased flag names). */
export type ServeFlags = Record<string, string | number | boolean | undefined>;

/** Merges parsed flags (and `EARSHOT_API_KEYS` from `env`) into a `ServeConfig`. */
export function serveConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const text = (key: string) => (flags[key] === undefined ? undefined : String(flags[key]));
  const number = (key: string) => Number(flags[key]);
  const aliases = text('modelAlias');
  if ((text('tlsCert') === undefined) !== (text('tlsKey') === undefined)) {
    throw new InvalidArgumentError('--tls-cert and --tls-key go together.');
  }
  return {
    model: text('model') ?? EMBEDDED_MODEL_DIR,
    modelName: text('modelName'),
    modelAliases:
      aliases === undefined ? [] : aliases.trim() === '*' ? '*' : aliases.split(',').map((a) => a.trim()),
    device: (text('device') ?? 'auto') as ServeConfig['device'],
    threads: flags.threads === undefined ? undefined : number('threads'),
    maxNewTokens: flags.maxNewTokens === undefined ? undefined : number('maxNewTokens'),
    batch: flags.batch === undefined ? DEFAULT_BATCH.maxBatch : number('batch'),
    batchWaitMs: flags.batchWaitMs === undefined ? DEFAULT_BATCH.waitMs : number('batchWaitMs'),
    host: text('host') ?? '127.0.0.1',
    port: number('port'),
    tlsCert: text('tlsCert'),
    tlsKey: text('tlsKey'),
    apiKeysFile: text('apiKeysFile'),
    apiKeys: env[API_KEYS_ENV],
    allowedOrigins: parseOrigins(text('allowedOrigins') ?? '*'),
    limits: {
      maxSessions: number('maxSessions'),
      maxBufferSeconds: number('maxBufferSeconds'),
      maxEventBytes: number('maxEventBytes'),
      idleTimeoutSeconds: number('idleTimeout'),
      maxSessionSeconds: number('maxSessionSeconds'),
      maxSendBufferBytes: number('maxSendBufferBytes'),
      maxFileBytes: number('maxFileBytes'),
    },
    turnDetection: (text('turnDetection') ?? 'server_vad') as ServeConfig['turnDetection'],
    vad: (text('vad') ?? 'energy') as ServeConfig['vad'],
    strictRates: flags.strictRates === true,
    strictUrls: flags.strictUrls === true,
    pingInterval: number('pingInterval'),
    shutdownGrace: number('shutdownGrace'),
    replicaId: text('replicaId'),
    logLevel: (text('logLevel') ?? 'info') as LogLevel,
  };
}
