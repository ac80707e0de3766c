/**
 * What the page (`registerOfflineCache`) and the offline service worker share: cache names, the
 * build's precache list, and the messages between them. No imports: the service worker bundles it.
 */

/** Prefix of the service worker's caches; the full name adds the build's version. */
export const OFFLINE_CACHE_PREFIX = 'earshot-offline-v1-';

/** Global the build prepends to the service worker script: what to precache at install. */
export const PRECACHE_GLOBAL = '__EARSHOT_PRECACHE__';

/** File name the demo's build emits the service worker as (at the site's base). */
export const SERVICE_WORKER_FILE = 'earshot-sw.js';

/** The build's precache list (URLs relative to the service worker script) and its version. */
export interface PrecacheManifest {
  /** Changes with any file of the build (a content hash): names the cache, so a new build gets a new one. */
  readonly version: string;
  /** Page HTML, scripts, styles, the engine Worker, ORT's JS and its plain WASM binary. */
  readonly urls: readonly string[];
}

/** Page → service worker: where the model lives and which runtime files to cache now. */
export interface ConfigureMessage {
  readonly type: 'earshot-offline:configure';
  /** Absolute model folder URLs (ending in `/`): served from the model cache, never copied. */
  readonly modelUrls: readonly string[];
  /** Absolute URLs to cache now (cache-first afterwards): ORT's files, anything else the page needs offline. */
  readonly runtimeUrls: readonly string[];
}

/** Service worker → page (on the message's port): the outcome of a `ConfigureMessage`. */
export interface ConfiguredMessage {
  readonly type: 'earshot-offline:configured';
  readonly cacheName: string;
  readonly version: string;
  /** Every URL the cache now holds. */
  readonly cached: readonly string[];
  /** The runtime URLs that could not be cached, and why. */
  readonly failed: readonly { readonly url: string; readonly reason: string }[];
}

/** The service worker's persisted configuration (a JSON entry in its cache: it may be restarted at any time). */
export interface OfflineConfig {
  readonly modelUrls: readonly string[];
  readonly runtimeUrls: readonly string[];
}
