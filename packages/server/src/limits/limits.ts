/** The server's limits: every one is configurable (flag and env) and every refusal is an OpenAI-shaped error. */
import {
  DEFAULT_MAX_BUFFER_SECONDS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_SESSION_SECONDS,
} from '@earshot/core';

/** Limits of one server. */
export interface ServerLimits {
  /** Most concurrent sessions (realtime connections plus file transcriptions); default 64. */
  readonly maxSessions: number;
  /** Most audio one session's input buffer holds before a commit, in seconds; default 900. */
  readonly maxBufferSeconds: number;
  /** Largest client event, in bytes of JSON text; default 15 MiB (OpenAI's limit). */
  readonly maxEventBytes: number;
  /** Seconds without a client event before the session ends with `idle_timeout`; default 600, 0 = never. */
  readonly idleTimeoutSeconds: number;
  /** Session length, in seconds, before `session_expired`; default 3600 (OpenAI's 60 min). */
  readonly maxSessionSeconds: number;
  /** Bytes of server events waiting to reach a slow client before `slow_consumer`; default 4 MiB. */
  readonly maxSendBufferBytes: number;
  /** Largest audio file `POST /v1/audio/transcriptions` accepts, in bytes; default 25 MiB (OpenAI's limit). */
  readonly maxFileBytes: number;
}

/** The default limits. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxSessions: 64,
  maxBufferSeconds: DEFAULT_MAX_BUFFER_SECONDS,
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
  idleTimeoutSeconds: 600,
  maxSessionSeconds: DEFAULT_MAX_SESSION_SECONDS,
  maxSendBufferBytes: 4 * 1024 * 1024,
  maxFileBytes: 25 * 1024 * 1024,
};

/** `limits` with defaults for the absent fields. */
export function resolveServerLimits(limits: Partial<ServerLimits> = {}): ServerLimits {
  const defined = Object.entries(limits).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_SERVER_LIMITS, ...Object.fromEntries(defined) };
}

/**
 * Bytes a transcription request's body may hold beyond its file: the multipart framing and the
 * other fields (`model`, `prompt`, …). The whole body is capped at `maxFileBytes` plus this.
 */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** Most bytes of a `POST /v1/audio/transcriptions` body (`request_too_large` past it). */
export function maxBodyBytes(limits: ServerLimits): number {
  return limits.maxFileBytes + FORM_OVERHEAD_BYTES;
}

/**
 * Frame slack over `maxEventBytes` that the WebSocket layer still reads, so that a frame somewhat
 * over the limit gets the session's `event_too_large` error instead of a 1009 close (1 MiB).
 */
export const FRAME_SLACK_BYTES = 1024 * 1024;
