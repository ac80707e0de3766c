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
  /** Whether ONNX Runtime's idle intra-op threads spin-wait. */
  readonly threadSpinning: boolean;
  /** Where the model's decodes run: a worker thread, or the thread serving the sessions. */
  readonly decodeThread: 'worker' | 'main';
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

const milliseconds = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of milliseconds ≥ 0.');
  return n;
};

const replicaId = (value: string) => {
  if (!/^[!-~]{1,128}$/.test(value))
    throw new InvalidArgumentError('expected 1 to 128 visible ASCII characters (no spaces).');
  return value;
};

/** One flag of `earshot serve`: its variable and, where it has them, its parser, choices and default. */
interface FlagSpec {
  readonly flags: string;
  readonly description: string;
  readonly env: string;
  readonly parse?: (value: string) => unknown;
  readonly choices?: readonly string[];
  readonly default?: unknown;
  /** How `--help` shows the default, when not as the value itself. */
  readonly defaultHelp?: string;
}

/** The commander `Option` of a flag. */
function toOption(spec: FlagSpec): Option {
  const option = new Option(spec.flags, spec.description).env(spec.env);
  if (spec.parse) option.argParser(spec.parse);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default, spec.defaultHelp);
  return option;
}

/** The options of `earshot serve`, in help order. */
export function serveOptions(): Option[] {
  const d = DEFAULT_SERVER_LIMITS;
  const flags: FlagSpec[] = [
    {
      flags: '--model <folder|name>',
      description: 'model folder (layout v2), or the name of a model fetched with `earshot pull`',
      env: 'EARSHOT_MODEL',
      default: EMBEDDED_MODEL_DIR,
      defaultHelp: `the embedded model, ${relative(process.cwd(), EMBEDDED_MODEL_DIR) || EMBEDDED_MODEL_DIR}`,
    },
    {
      flags: '--model-name <name>',
      description: "name clients use for the model (default: the folder's own)",
      env: 'EARSHOT_MODEL_NAME',
    },
    {
      flags: '--model-alias <names>',
      description: "other model names to accept, comma-separated, or '*' for any",
      env: 'EARSHOT_MODEL_ALIASES',
    },
    {
      flags: '--device <device>',
      description: 'execution provider: cuda when available, else cpu',
      env: 'EARSHOT_DEVICE',
      choices: ['auto', 'cuda', 'cpu'],
      default: 'auto',
    },
    {
      flags: '--threads <n>',
      description: "intra-op threads per model session (default: ONNX Runtime's)",
      env: 'EARSHOT_THREADS',
      parse: integer(1),
    },
    {
      flags: '--decode-thread <thread>',
      description:
        "where the model's decodes run: on a worker thread, beside the sessions' I/O, or on the main thread, between it",
      env: 'EARSHOT_DECODE_THREAD',
      choices: ['worker', 'main'],
      default: 'worker',
    },
    {
      flags: '--thread-spinning',
      description:
        "let ONNX Runtime's idle threads spin-wait for work (its own default; off here: on a shared CPU spinning takes time from the sessions' I/O) (its variable: any value turns it on)",
      env: 'EARSHOT_THREAD_SPINNING',
    },
    {
      flags: '--max-new-tokens <n>',
      description: "most tokens one decode generates (default: the model's prompt_config.json)",
      env: 'EARSHOT_MAX_NEW_TOKENS',
      parse: integer(1),
    },
    {
      flags: '--batch <n>',
      description:
        "most decodes of different sessions run together in one model call, through the model's batched graphs (1 = one at a time)",
      env: 'EARSHOT_BATCH',
      parse: integer(1),
      default: DEFAULT_BATCH.maxBatch,
    },
    {
      flags: '--batch-wait-ms <ms>',
      description: 'how long the first decode of an idle model waits for others to batch with',
      env: 'EARSHOT_BATCH_WAIT_MS',
      parse: milliseconds,
      default: DEFAULT_BATCH.waitMs,
    },
    {
      flags: '--host <host>',
      description: 'address to listen on',
      env: 'EARSHOT_HOST',
      default: '127.0.0.1',
    },
    {
      flags: '--port <port>',
      description: 'port to listen on (0 = any free port)',
      env: 'EARSHOT_PORT',
      parse: integer(0),
      default: 8000,
    },
    {
      flags: '--tls-cert <file>',
      description: 'PEM certificate: serve https:// and wss:// (needs --tls-key)',
      env: 'EARSHOT_TLS_CERT',
    },
    { flags: '--tls-key <file>', description: 'PEM private key of --tls-cert', env: 'EARSHOT_TLS_KEY' },
    {
      flags: '--api-keys-file <file>',
      description: `file of accepted API keys, one per line (# comments); keys can also be given in ${API_KEYS_ENV}; none = open server`,
      env: 'EARSHOT_API_KEYS_FILE',
    },
    {
      flags: '--allowed-origins <list>',
      description: "browser origins allowed, comma-separated, or '*'",
      env: 'EARSHOT_ALLOWED_ORIGINS',
      default: '*',
    },
    {
      flags: '--max-sessions <n>',
      description: 'most concurrent sessions (realtime + file), then too_many_sessions',
      env: 'EARSHOT_MAX_SESSIONS',
      parse: integer(1),
      default: d.maxSessions,
    },
    {
      flags: '--max-buffer-seconds <s>',
      description: 'most audio in one input buffer, then input_audio_buffer_overflow',
      env: 'EARSHOT_MAX_BUFFER_SECONDS',
      parse: seconds(1),
      default: d.maxBufferSeconds,
    },
    {
      flags: '--max-event-bytes <bytes>',
      description: 'largest client event, then event_too_large',
      env: 'EARSHOT_MAX_EVENT_BYTES',
      parse: integer(1024),
      default: d.maxEventBytes,
    },
    {
      flags: '--idle-timeout <s>',
      description: 'seconds without a client event, then idle_timeout (0 = never)',
      env: 'EARSHOT_IDLE_TIMEOUT',
      parse: seconds(0),
      default: d.idleTimeoutSeconds,
    },
    {
      flags: '--max-session-seconds <s>',
      description: 'session length, then session_expired',
      env: 'EARSHOT_MAX_SESSION_SECONDS',
      parse: seconds(1),
      default: d.maxSessionSeconds,
    },
    {
      flags: '--max-send-buffer-bytes <bytes>',
      description: 'server events waiting for a slow client, then slow_consumer',
      env: 'EARSHOT_MAX_SEND_BUFFER_BYTES',
      parse: integer(1024),
      default: d.maxSendBufferBytes,
    },
    {
      flags: '--max-file-bytes <bytes>',
      description: 'largest uploaded audio file, then file_too_large',
      env: 'EARSHOT_MAX_FILE_BYTES',
      parse: integer(1024),
      default: d.maxFileBytes,
    },
    {
      flags: '--turn-detection <mode>',
      description: 'turn detection of new sessions',
      env: 'EARSHOT_TURN_DETECTION',
      choices: ['server_vad', 'none'],
      default: 'server_vad',
    },
    {
      flags: '--vad <scorer>',
      description:
        'speech scorer of server VAD: energy (core, no model) or silero (Silero VAD v5 on ONNX Runtime)',
      env: 'EARSHOT_VAD',
      choices: ['energy', 'silero'],
      default: 'energy',
    },
    {
      flags: '--strict-rates',
      description: 'accept only 24 kHz audio/pcm, as OpenAI (its variable: any value turns it on)',
      env: 'EARSHOT_STRICT_RATES',
    },
    {
      flags: '--strict-urls',
      description:
        'refuse /v1/realtime URLs with neither model nor intent (missing_model, close 4000), as OpenAI (its variable: any value turns it on)',
      env: 'EARSHOT_STRICT_URLS',
    },
    {
      flags: '--ping-interval <s>',
      description: 'seconds between liveness pings (0 = none)',
      env: 'EARSHOT_PING_INTERVAL',
      parse: seconds(0),
      default: 20,
    },
    {
      flags: '--shutdown-grace <s>',
      description: 'seconds running sessions get to finish on SIGTERM',
      env: 'EARSHOT_SHUTDOWN_GRACE',
      parse: seconds(0),
      default: 10,
    },
    {
      flags: '--replica-id <name>',
      description:
        'name of this replica behind a balancer, in /readyz, /healthz and the x-earshot-replica header (default: <hostname>:<port>)',
      env: 'EARSHOT_REPLICA_ID',
      parse: replicaId,
    },
    {
      flags: '--log-level <level>',
      description: 'log level (JSON lines on stdout)',
      env: 'EARSHOT_LOG_LEVEL',
      choices: LOG_LEVELS,
      default: 'info',
    },
  ];
  return flags.map(toOption);
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
    threadSpinning: flags.threadSpinning === true,
    decodeThread: (text('decodeThread') ?? 'worker') as ServeConfig['decodeThread'],
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
