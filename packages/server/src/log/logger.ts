/** Structured logs (pino, JSON lines). Logs never carry audio, payloads or API keys. */
import { type Logger, pino } from 'pino';

/** Log levels the CLI accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A pino logger named `earshot` at `level` (default `info`), writing JSON lines to stdout. */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({
    name: 'earshot',
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers["sec-websocket-protocol"]'], remove: true },
  });
}

/** A logger that drops everything (tests, embedding without logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The pino logger type. */
export type { Logger } from 'pino';
