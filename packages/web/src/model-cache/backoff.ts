/**
 * Retry timing for model downloads: exponential backoff plus jitter, and which HTTP answers are
 * worth another attempt (5xx, 408, 429) and which are final (404 is a missing file, other 4xx a
 * refusal).
 */
import { ModelLoadError } from '@earshot/core/model';
import { EarshotWebError } from '../errors.ts';

/** How long to wait between attempts; every field is injectable for tests. */
export interface BackoffOptions {
  /** Delay before the second attempt, in ms (default 500); doubled for each later one. */
  readonly baseDelayMs?: number;
  /** Longest delay, in ms, jitter included (default 8000). */
  readonly maxDelayMs?: number;
  /** Uniform random number in [0, 1) for the jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Waits `ms` milliseconds, or rejects when `signal` aborts (default a timer). */
  readonly delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Default delay before the second attempt, in ms. */
export const DEFAULT_BASE_DELAY_MS = 500;

/** Default longest delay between attempts, in ms. */
export const DEFAULT_MAX_DELAY_MS = 8000;

/**
 * The wait, in ms, after failed attempt `attempt` (0-based): `base · 2^attempt` plus a jitter of up
 * to `base`, capped at `maxDelayMs` — so waits grow whatever the random draw.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const jitter = (options.random ?? Math.random)() * base;
  return Math.min(max, base * 2 ** attempt + jitter);
}

/** Waits the backoff after failed attempt `attempt` (with the injected `delay`, else a timer). */
export function waitBackoff(attempt: number, options: BackoffOptions, signal?: AbortSignal): Promise<void> {
  return (options.delay ?? sleep)(backoffDelay(attempt, options), signal);
}

/** True for HTTP statuses another attempt may cure: 5xx, 408 Request Timeout, 429 Too Many Requests. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An HTTP answer worth another attempt (5xx, 408, 429); its message names the status and the URL. */
export class RetryableHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.name = 'RetryableHttpError';
  }
}

/**
 * The error for a final HTTP answer to `url` for `file`: 404/410 → `EARSHOT_ERR_MODEL_FILE_MISSING`,
 * other statuses → `EARSHOT_ERR_DOWNLOAD` naming the status and the URL.
 */
export function httpFailure(status: number, url: string, file: string): Error {
  if (status === 404 || status === 410)
    return new ModelLoadError(
      'EARSHOT_ERR_MODEL_FILE_MISSING',
      file,
      `not found at ${url} (HTTP ${status}).`,
    );
  return new EarshotWebError('EARSHOT_ERR_DOWNLOAD', `${file}: HTTP ${status} from ${url}.`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
