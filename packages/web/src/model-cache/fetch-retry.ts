/**
 * One small request (the manifest, a `HEAD`) with retries: network errors and 5xx/408/429 answers
 * are tried again after exponential backoff plus jitter; any other answer is returned as is.
 */
import { ModelLoadError } from '@earshot/core/model';
import { EarshotWebError } from '../errors.ts';
import { type BackoffOptions, isRetryableStatus, waitBackoff } from './backoff.ts';
import type { FetchLike } from './download.ts';

/** Options of `fetchWithRetry`. */
export interface FetchRetryOptions {
  /** The file's path in the model folder (for errors). */
  readonly file: string;
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  readonly backoff?: BackoffOptions;
  readonly signal?: AbortSignal;
}

/**
 * Fetches `url` until the answer is final; resolves to a response that is not retryable (2xx,
 * 404, other 4xx), or rejects with `EARSHOT_ERR_DOWNLOAD` naming the last HTTP status (or network
 * error) and the URL once the attempts run out.
 */
export async function fetchWithRetry(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  options: FetchRetryOptions,
): Promise<Response> {
  const attempts = options.attempts ?? 3;
  let last = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) {
      try {
        await waitBackoff(attempt - 1, options.backoff ?? {}, options.signal);
      } catch {
        throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', options.file, 'model loading was cancelled.');
      }
    }
    try {
      const response = await fetch(url, { ...init, signal: options.signal });
      if (!isRetryableStatus(response.status)) return response;
      last = `HTTP ${response.status} from ${url}`;
    } catch (error) {
      if (options.signal?.aborted)
        throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', options.file, 'model loading was cancelled.');
      last = `${error instanceof Error ? error.message : String(error)} (${url})`;
    }
  }
  throw new EarshotWebError('EARSHOT_ERR_DOWNLOAD', `${options.file}: ${last}, after ${attempts} attempts.`);
}
