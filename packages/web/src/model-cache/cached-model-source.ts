/**
 * `CachedModelSource`: a `ModelSource` over a model folder URL that downloads each file once
 * (byte progress, Range resume, SHA-256 check against `earshot-model.json`, quota check) and
 * serves every later read from the store — a second load makes no network request.
 */
import {
  MANIFEST_FILE,
  ModelLoadError,
  type ModelManifest,
  type ModelSource,
  manifestSchema,
  parseJsonFile,
  type ReadOptions,
  sha256Hex,
  verifyFile,
} from '@earshot/core/model';
import { type BackoffOptions, httpFailure } from './backoff.ts';
import type { ByteStore } from './byte-store.ts';
import { downloadWithResume, type FetchLike } from './download.ts';
import { fetchWithRetry } from './fetch-retry.ts';
import { htmlFallbackError, looksLikeHtml } from './html-fallback.ts';
import { checkQuota, type StorageEstimateLike } from './quota.ts';

/** Options of a `CachedModelSource`. */
export interface CachedModelSourceOptions {
  /** Where files are kept (e.g. `new CacheApiStore()`). */
  readonly store: ByteStore;
  /** Network access; default the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Storage estimate for the quota check; default none (no check). */
  readonly estimate?: () => Promise<StorageEstimateLike | null>;
  /** Attempts per request (default 3): network errors and 5xx/408/429 answers are retried, a 404 never. */
  readonly attempts?: number;
  /** Waits between attempts: exponential backoff plus jitter (default 500 ms doubling, up to 8 s). */
  readonly backoff?: BackoffOptions;
  /** Called once per network request (for reporting and tests). */
  readonly onRequest?: (url: string) => void;
}

/** How a load was served, for reporting. */
export interface CacheStats {
  /** Files read from the store. */
  readonly hits: number;
  /** Files downloaded. */
  readonly downloads: number;
  /** Bytes downloaded. */
  readonly bytesDownloaded: number;
}

const text = new TextDecoder();
const utf8 = new TextEncoder();

/** Store key (under the folder) of the `FolderIndex`; never a real file name. */
const INDEX_KEY = '.earshot-folder-index';

/**
 * What the store remembers about a folder without a manifest (the public exports have none):
 * files known to be absent (so later loads ask nothing), and the size and SHA-256 of each file as
 * first downloaded, which every later load checks the stored bytes against.
 */
interface FolderIndex {
  readonly manifest: false;
  readonly absent: string[];
  readonly digests?: Record<string, { bytes: number; sha256: string }>;
  /** Sizes the server reported (HEAD), for progress totals. */
  readonly sizes?: Record<string, number>;
}

export class CachedModelSource implements ModelSource {
  /** The folder URL (always ending in `/`). */
  readonly location: string;
  private manifest: ModelManifest | null | undefined;
  private quotaChecked = false;
  private hits = 0;
  private downloads = 0;
  private bytesDownloaded = 0;

  /** A source for the folder at `url` (absolute). */
  constructor(
    url: string,
    private readonly options: CachedModelSourceOptions,
  ) {
    this.location = url.endsWith('/') ? url : `${url}/`;
  }

  /** Files read from the store and downloaded so far. */
  get stats(): CacheStats {
    return { hits: this.hits, downloads: this.downloads, bytesDownloaded: this.bytesDownloaded };
  }

  async exists(path: string): Promise<boolean> {
    if (path === MANIFEST_FILE) return (await this.loadManifest()) !== null;
    const manifest = await this.loadManifest();
    if (manifest !== null) return manifest.files.some((f) => f.path === path);
    if (await this.options.store.has(this.key(path))) return true;
    const index = await this.readIndex();
    if (index?.absent.includes(path)) return false;
    const response = await this.requestRetrying(path, { method: 'HEAD' });
    const base: FolderIndex = index ?? { manifest: false, absent: [] };
    // A SPA host answers a missing path with its index.html (200, text/html): the file is absent.
    const html = response.ok && looksLikeHtml(response.headers.get('content-type'));
    if (response.status === 404 || html) {
      await this.writeIndex({ ...base, absent: [...base.absent, path] });
      return false;
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (response.ok && Number.isFinite(length))
      await this.writeIndex({ ...base, sizes: { ...base.sizes, [path]: length } });
    return response.ok;
  }

  async size(path: string): Promise<number | null> {
    const manifest = await this.loadManifest();
    const entry = manifest?.files.find((f) => f.path === path);
    if (entry !== undefined) return entry.bytes;
    const index = await this.readIndex();
    const known = index?.digests?.[path]?.bytes ?? index?.sizes?.[path];
    if (known !== undefined) return known;
    if (manifest !== null || !(await this.exists(path))) return null;
    return (await this.readIndex())?.sizes?.[path] ?? null;
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    if (path === MANIFEST_FILE) {
      const manifest = await this.loadManifest();
      if (manifest === null)
        throw new ModelLoadError('EARSHOT_ERR_MODEL_FILE_MISSING', path, `not found in ${this.location}.`);
      return (await this.options.store.get(this.key(path))) ?? new Uint8Array(0);
    }
    const manifest = await this.loadManifest();
    const cached = await this.options.store.get(this.key(path));
    if (cached !== null && (manifest !== null || (await this.matchesFirstDownload(path, cached)))) {
      this.hits++;
      options.onProgress?.({ file: path, loaded: cached.byteLength, total: cached.byteLength });
      return cached;
    }
    const entry = manifest?.files.find((f) => f.path === path);
    await this.checkQuotaOnce(manifest);
    const bytes = await downloadWithResume(this.url(path), {
      fetch: (url, init) => this.request(url, init),
      store: this.options.store,
      partialKey: `${this.key(path)}.partial`,
      file: path,
      expectedBytes: entry?.bytes,
      attempts: this.options.attempts,
      backoff: this.options.backoff,
      signal: options.signal,
      onProgress: (loaded, total) => options.onProgress?.({ file: path, loaded, total }),
    });
    if (manifest !== null && entry !== undefined) await verifyFile(manifest, path, bytes);
    await this.options.store.put(this.key(path), bytes);
    if (manifest === null) {
      const index = (await this.readIndex()) ?? { manifest: false, absent: [] };
      const digests = {
        ...index.digests,
        [path]: { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) },
      };
      await this.writeIndex({ ...index, digests });
    }
    this.downloads++;
    this.bytesDownloaded += bytes.byteLength;
    return bytes;
  }

  /** Removes every stored file of this folder (complete and partial). */
  async clear(): Promise<void> {
    const prefix = this.location;
    for (const key of await this.options.store.keys()) {
      if (key.startsWith(prefix)) await this.options.store.delete(key);
    }
    this.manifest = undefined;
  }

  /** The manifest: from the store, else downloaded and stored; null when the folder has none. */
  private async loadManifest(): Promise<ModelManifest | null> {
    if (this.manifest !== undefined) return this.manifest;
    let bytes = await this.options.store.get(this.key(MANIFEST_FILE));
    if (bytes === null) {
      if ((await this.readIndex()) !== null) {
        this.manifest = null;
        return null;
      }
      const response = await this.requestRetrying(MANIFEST_FILE, {});
      if (response.status === 404) {
        await this.writeIndex({ manifest: false, absent: [] });
        this.manifest = null;
        return null;
      }
      if (!response.ok) throw httpFailure(response.status, this.url(MANIFEST_FILE), MANIFEST_FILE);
      bytes = new Uint8Array(await response.arrayBuffer());
      if (looksLikeHtml(response.headers.get('content-type'), bytes))
        throw htmlFallbackError(MANIFEST_FILE, this.url(MANIFEST_FILE));
      this.manifest = parseJsonFile(MANIFEST_FILE, text.decode(bytes), manifestSchema);
      await this.options.store.put(this.key(MANIFEST_FILE), bytes);
      return this.manifest;
    }
    this.manifest = parseJsonFile(MANIFEST_FILE, text.decode(bytes), manifestSchema);
    return this.manifest;
  }

  /**
   * Without a manifest: whether stored bytes still match the size and SHA-256 recorded when they
   * were downloaded (false for damaged bytes, which are dropped and fetched again).
   */
  private async matchesFirstDownload(path: string, bytes: Uint8Array): Promise<boolean> {
    const digest = (await this.readIndex())?.digests?.[path];
    if (digest === undefined) return true; // stored by a version that kept no digests
    if (digest.bytes === bytes.byteLength && digest.sha256 === (await sha256Hex(bytes))) return true;
    await this.options.store.delete(this.key(path));
    return false;
  }

  private async readIndex(): Promise<FolderIndex | null> {
    const bytes = await this.options.store.get(this.key(INDEX_KEY));
    return bytes === null ? null : (JSON.parse(text.decode(bytes)) as FolderIndex);
  }

  private async writeIndex(index: FolderIndex): Promise<void> {
    await this.options.store.put(this.key(INDEX_KEY), utf8.encode(JSON.stringify(index)));
  }

  private async checkQuotaOnce(manifest: ModelManifest | null): Promise<void> {
    if (this.quotaChecked || manifest === null || this.options.estimate === undefined) return;
    this.quotaChecked = true;
    const stored = new Set(await this.options.store.keys());
    const needed = manifest.files
      .filter((f) => !stored.has(this.key(f.path)))
      .reduce((n, f) => n + f.bytes, 0);
    checkQuota(await this.options.estimate(), needed);
  }

  /** A small request for `path` (manifest, `HEAD`), retried on network errors and 5xx answers. */
  private requestRetrying(path: string, init: RequestInit): Promise<Response> {
    return fetchWithRetry((url, i) => this.request(url, i), this.url(path), init, {
      file: path,
      attempts: this.options.attempts,
      backoff: this.options.backoff,
    });
  }

  private request(url: string, init?: RequestInit): Promise<Response> {
    this.options.onRequest?.(url);
    return (this.options.fetch ?? ((u, i) => fetch(u, i)))(url, init);
  }

  private url(path: string): string {
    return new URL(path, this.location).href;
  }

  private key(path: string): string {
    return this.location + path;
  }
}
