/**
 * Downloads one file with byte progress and resume: bytes received before an interruption are kept
 * in the store (checkpointed while downloading, and on failure), and the next attempt asks only for
 * the rest with an HTTP `Range` request.
 */
import { ModelLoadError } from '@earshot/core/model';
import { EarshotWebError } from '../errors.ts';
import type { ByteStore } from './byte-store.ts';

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
  /** Bytes between checkpoints of the partial download (default 8 MiB). */
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
    try {
      have = await fetchRest(url, have, options);
      lastError = null;
      break;
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
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
      `${options.file}: download failed after ${attempts} attempts (${have.byteLength} bytes kept for resume): ${String(lastError)}`,
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
  if (response.status === 404) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_FILE_MISSING',
      options.file,
      `not found at ${url} (HTTP 404).`,
    );
  }
  if (response.status === 416 && options.expectedBytes === have.byteLength) return have;
  if (response.status === 200)
    start = 0; // The server ignored the Range: start over.
  else if (response.status === 206) {
    const range = /bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
    if (range === null || Number(range[1]) !== have.byteLength) {
      throw new Error(`HTTP 206 answered from byte ${range?.[1] ?? '?'}, asked from ${have.byteLength}`);
    }
  } else throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = options.expectedBytes ?? (Number.isFinite(length) ? start + length : null);
  const chunks: Uint8Array[] = start > 0 ? [have] : [];
  let loaded = start;
  let sinceCheckpoint = 0;
  options.onProgress?.(loaded, total);
  const reader = response.body?.getReader();
  if (reader === undefined) return concat([...chunks, new Uint8Array(await response.arrayBuffer())]);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      sinceCheckpoint += value.byteLength;
      options.onProgress?.(loaded, total);
      if (sinceCheckpoint >= (options.checkpointBytes ?? DEFAULT_CHECKPOINT)) {
        sinceCheckpoint = 0;
        await options.store.put(options.partialKey, concat(chunks));
      }
    }
  } catch (error) {
    throw new PartialFailure(concat(chunks), error);
  }
  const bytes = concat(chunks);
  if (options.expectedBytes !== undefined && bytes.byteLength < options.expectedBytes) {
    throw new PartialFailure(
      bytes,
      new Error(`connection ended at ${bytes.byteLength} of ${options.expectedBytes} bytes`),
    );
  }
  return bytes;
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
