/**
 * Downloads one file with byte progress and resume: bytes received before an interruption are kept
 * in the store (checkpointed while downloading, and on failure), and the next attempt asks only for
 * the rest with an HTTP `Range` request. Attempts are spaced by exponential backoff plus jitter;
 * network errors and 5xx/408/429 answers are retried, a 404 (`EARSHOT_ERR_MODEL_FILE_MISSING`) and
 * other 4xx answers (`EARSHOT_ERR_DOWNLOAD`) are final at once.
 */
import { ModelLoadError } from '@earshot/core/model';
import { EarshotWebError } from '../errors.ts';
import {
  type BackoffOptions,
  httpFailure,
  isRetryableStatus,
  RetryableHttpError,
  waitBackoff,
} from './backoff.ts';
import type { ByteStore } from './byte-store.ts';
import { htmlFallbackError, isHtmlContentType, startsLikeHtml } from './html-fallback.ts';

/** The `fetch` the downloader uses (injectable for tests). */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** Options of `downloadWithResume`. */
export interface DownloadOptions {
  readonly fetch: FetchLike;
  /** Where partial bytes are kept between attempts. */
  readonly store: ByteStore;
  /** The store key of this file's partial bytes. */
  readonly partialKey: string;
  /** The file's path in the model folder (for progress and errors). */
  readonly file: string;
  /** Expected size in bytes, when the manifest gives it. */
  readonly expectedBytes?: number;
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  /** Waits between attempts (default 500 ms doubling, plus up to 500 ms of jitter, at most 8 s). */
  readonly backoff?: BackoffOptions;
  /**
   * Bytes before the first checkpoint of the partial download (default 8 MiB); later checkpoints
   * come each time the file has doubled, so a large file is written O(size) times, not O(size²).
   */
  readonly checkpointBytes?: number;
  readonly signal?: AbortSignal;
  /** Bytes of this file so far, and its total when known. */
  readonly onProgress?: (loaded: number, total: number | null) => void;
}

const DEFAULT_CHECKPOINT = 8 * 1024 * 1024;

/** Downloads `url`, resuming from stored partial bytes; resolves to the whole file. */
export async function downloadWithResume(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const attempts = options.attempts ?? 3;
  let have = (await options.store.get(options.partialKey)) ?? new Uint8Array(0);
  let lastError: unknown = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (options.signal?.aborted) throw aborted(options.file);
    if (options.expectedBytes !== undefined && have.byteLength === options.expectedBytes) break;
    if (options.expectedBytes !== undefined && have.byteLength > options.expectedBytes)
      have = new Uint8Array(0);
    if (attempt > 0) {
      try {
        await waitBackoff(attempt - 1, options.backoff ?? {}, options.signal);
      } catch {
        throw aborted(options.file);
      }
    }
    try {
      have = await fetchRest(url, have, options);
      lastError = null;
      break;
    } catch (error) {
      if (error instanceof ModelLoadError || error instanceof EarshotWebError) throw error; // final answers
      if (error instanceof PartialFailure) {
        have = error.bytes;
        lastError = error.cause;
        await options.store.put(options.partialKey, have);
      } else lastError = error;
      if (options.signal?.aborted) throw aborted(options.file);
    }
  }
  if (lastError !== null) {
    throw new EarshotWebError(
      'EARSHOT_ERR_DOWNLOAD',
      `${options.file}: download failed after ${attempts} attempts (${have.byteLength} bytes kept for resume): ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      { cause: lastError },
    );
  }
  await options.store.delete(options.partialKey);
  return have;
}

/** An attempt that ended early, with every byte received so far. */
class PartialFailure extends Error {
  constructor(
    readonly bytes: Uint8Array,
    override readonly cause: unknown,
  ) {
    super('download interrupted');
  }
}

async function fetchRest(url: string, have: Uint8Array, options: DownloadOptions): Promise<Uint8Array> {
  const headers: Record<string, string> = have.byteLength > 0 ? { Range: `bytes=${have.byteLength}-` } : {};
  const response = await options.fetch(url, { headers, signal: options.signal });
  let start = have.byteLength;
  if (response.status === 416) {
    if (options.expectedBytes === have.byteLength) return have;
    // The kept bytes do not fit the file as served now: start over on the next attempt.
    throw new PartialFailure(new Uint8Array(0), new Error(`HTTP 416 from ${url}`));
  }
  if (response.status === 200)
    start = 0; // The server ignored the Range: start over.
  else if (response.status === 206) {
    const range = /bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
    if (range === null || Number(range[1]) !== have.byteLength) {
      throw new Error(`HTTP 206 answered from byte ${range?.[1] ?? '?'}, asked from ${have.byteLength}`);
    }
  } else if (isRetryableStatus(response.status)) throw new RetryableHttpError(response.status, url);
  else throw httpFailure(response.status, url, options.file);
  // A SPA host's index.html in place of the file (model files are never HTML): final, naming the URL.
  if (isHtmlContentType(response.headers.get('content-type'))) throw htmlFallbackError(options.file, url);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = options.expectedBytes ?? (Number.isFinite(length) ? start + length : null);
  // With the size known, bytes go straight into the final buffer (no second copy of a large file).
  const into = new Received(total, start > 0 ? have.subarray(0, start) : new Uint8Array(0));
  let nextCheckpoint = Math.max(options.checkpointBytes ?? DEFAULT_CHECKPOINT, start * 2);
  options.onProgress?.(into.length, total);
  const reader = response.body?.getReader();
  if (reader === undefined) {
    into.push(new Uint8Array(await response.arrayBuffer()));
    return into.bytes();
  }
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      into.push(value);
      options.onProgress?.(into.length, total);
      if (into.length >= nextCheckpoint) {
        nextCheckpoint = into.length * 2;
        await options.store.put(options.partialKey, into.bytes());
      }
    }
  } catch (error) {
    throw new PartialFailure(into.bytes(), error);
  }
  const bytes = into.bytes();
  if (start === 0 && startsLikeHtml(bytes)) throw htmlFallbackError(options.file, url);
  if (options.expectedBytes !== undefined && bytes.byteLength < options.expectedBytes) {
    throw new PartialFailure(
      bytes,
      new Error(`connection ended at ${bytes.byteLength} of ${options.expectedBytes} bytes`),
    );
  }
  return bytes;
}

/** Bytes received so far: one preallocated buffer when the total is known, else a list of pieces. */
class Received {
  private readonly buffer: Uint8Array | null;
  private readonly pieces: Uint8Array[] = [];
  length = 0;

  constructor(total: number | null, already: Uint8Array) {
    this.buffer = total === null ? null : new Uint8Array(total);
    this.push(already);
  }

  push(piece: Uint8Array): void {
    if (piece.byteLength === 0) return;
    if (this.buffer !== null && this.length + piece.byteLength <= this.buffer.byteLength) {
      this.buffer.set(piece, this.length);
    } else {
      if (this.buffer !== null && this.pieces.length === 0)
        this.pieces.push(this.buffer.subarray(0, this.length));
      this.pieces.push(piece);
    }
    this.length += piece.byteLength;
  }

  /** The bytes so far (a view of the buffer, or the pieces joined). */
  bytes(): Uint8Array {
    if (this.pieces.length === 0) return (this.buffer ?? new Uint8Array(0)).subarray(0, this.length);
    return concat(this.pieces);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function aborted(file: string): ModelLoadError {
  return new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', file, 'model loading was cancelled.');
}
