/**
 * The offline service worker (opt-in: `registerOfflineCache()` from `@earshot/web/offline`).
 * Bundled as one script with no imports left (the demo's build bundles it alone, emits it as
 * `/earshot-sw.js` and prepends the precache list as `self.__EARSHOT_PRECACHE__`; see
 * demo/service-worker-plugin.ts).
 *
 * - install: caches the build's list (page HTML, scripts, styles, the engine Worker, ORT's JS and
 *   its plain WASM binary) in `earshot-offline-v1-<version>`; `skipWaiting()`.
 * - activate: deletes the older `earshot-offline-v1-*` caches; `clients.claim()`, so the page that
 *   registered it (and the Worker it starts next) is controlled at once.
 * - fetch: pages network first (the cached copy offline); versioned files (ORT's .wasm/.mjs, hashed
 *   build assets, listed URLs) cache first, stored on first use; model files from the model cache
 *   (`earshot-models-v1`, the engine's own store; never copied), else the network; other
 *   same-origin GETs network first with the cached copy offline.
 * - message `earshot-offline:configure`: remembers the model folders, caches the runtime URLs the
 *   page names, answers with what the cache holds.
 */
import { MODEL_CACHE_NAME } from '../constants.ts';
import { BYTES_HEADER, keyRequestUrl, PARTS_HEADER, partKey } from '../model-cache/cache-keys.ts';
import {
  type ConfiguredMessage,
  type ConfigureMessage,
  OFFLINE_CACHE_PREFIX,
  type OfflineConfig,
  PRECACHE_GLOBAL,
  type PrecacheManifest,
} from './protocol.ts';
import { isStaleCache, requestKind, type StrategyContext } from './strategy.ts';

declare const self: ServiceWorkerGlobalScope;

/** Where the configuration is kept in this worker's cache. */
const CONFIG_URL = new URL('__earshot-offline-config.json', self.location.href).href;

const manifest: PrecacheManifest = (self as unknown as Record<string, PrecacheManifest | undefined>)[
  PRECACHE_GLOBAL
] ?? { version: 'dev', urls: [] };
const CACHE = `${OFFLINE_CACHE_PREFIX}${manifest.version}`;
const precached = new Set(manifest.urls.map((u) => new URL(u, self.location.href).href));

/** The configuration in memory (read from the cache at start-up; the default until then). */
let config: OfflineConfig | null = null;

/**
 * Cache lookups ignore `Vary` (hosts answer `Vary: Origin`; a stored copy must answer the page's
 * request whatever headers the install's request carried).
 */
const MATCH: CacheQueryOptions = { ignoreVary: true };

/** Before any `configure`: the demo's model folder, `/models/` under the scope. */
function defaultConfig(): OfflineConfig {
  return { modelUrls: [new URL('models/', self.registration.scope).href], runtimeUrls: [] };
}

async function loadConfig(): Promise<OfflineConfig> {
  if (config !== null) return config;
  const stored = await (await caches.open(CACHE)).match(CONFIG_URL, MATCH);
  config = stored ? ((await stored.json()) as OfflineConfig) : defaultConfig();
  return config;
}
void loadConfig();

async function saveConfig(next: OfflineConfig): Promise<void> {
  config = next;
  const body = JSON.stringify(next);
  await (await caches.open(CACHE)).put(
    CONFIG_URL,
    new Response(body, { headers: { 'content-type': 'application/json' } }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...precached]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (isStaleCache(name, CACHE, OFFLINE_CACHE_PREFIX)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data as ConfigureMessage | null;
  if (data?.type !== 'earshot-offline:configure') return;
  const port = event.ports[0];
  event.waitUntil(
    (async () => {
      const current = await loadConfig();
      const next: OfflineConfig = {
        modelUrls: unique([...current.modelUrls, ...data.modelUrls]),
        runtimeUrls: unique([...current.runtimeUrls, ...data.runtimeUrls]),
      };
      await saveConfig(next);
      const cache = await caches.open(CACHE);
      const failed: { url: string; reason: string }[] = [];
      for (const url of data.runtimeUrls) {
        if ((await cache.match(url, { ignoreVary: true })) !== undefined) continue;
        try {
          const response = await fetch(url, { credentials: 'same-origin' });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          await cache.put(url, response);
        } catch (error) {
          failed.push({ url, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      const cached = (await cache.keys()).map((r) => r.url).filter((u) => u !== CONFIG_URL);
      const reply: ConfiguredMessage = {
        type: 'earshot-offline:configured',
        cacheName: CACHE,
        version: manifest.version,
        cached,
        failed,
      };
      port?.postMessage(reply);
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const context: StrategyContext = {
    scope: self.registration.scope,
    config: config ?? defaultConfig(),
    precached,
  };
  const kind = requestKind(
    {
      url: request.url,
      method: request.method,
      mode: request.mode,
      destination: request.destination,
      range: request.headers.has('range'),
    },
    context,
  );
  if (kind === 'page') event.respondWith(networkFirst(request, true));
  else if (kind === 'versioned') event.respondWith(cacheFirst(request));
  else if (kind === 'other') event.respondWith(networkFirst(request, false));
  else if (kind === 'model')
    event.respondWith(fromModelCache(request.url).then((hit) => hit ?? fetch(request)));
  // 'passthrough': not answered, the browser fetches it as without a service worker.
});

/** The cached copy, else the network (stored when it answers 200). */
async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, MATCH);
  if (hit !== undefined) return hit;
  const response = await fetch(request);
  if (response.status === 200 && response.type !== 'opaque') await cache.put(request, response.clone());
  return response;
}

/** The network (a 200 is stored), else the cached copy; a page falls back to the cached page at the scope (its query ignored). */
async function networkFirst(request: Request, page: boolean): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit =
      (await cache.match(request, MATCH)) ??
      (page ? await cache.match(request, { ...MATCH, ignoreSearch: true }) : undefined) ??
      (page ? await cache.match(self.registration.scope, { ...MATCH, ignoreSearch: true }) : undefined);
    if (hit !== undefined) return hit;
    throw error;
  }
}

/** A model file from the engine's model cache (the layout of `CacheApiStore`), or null. */
async function fromModelCache(url: string): Promise<Response | null> {
  if (!(await caches.has(MODEL_CACHE_NAME))) return null;
  const cache = await caches.open(MODEL_CACHE_NAME);
  const key = new URL(url).href;
  const head = await cache.match(keyRequestUrl(key), MATCH);
  if (head === undefined) return null;
  const parts = Number(head.headers.get(PARTS_HEADER) ?? 0);
  const blobs: Blob[] = [];
  if (parts === 0) blobs.push(await head.blob());
  for (let i = 0; i < parts; i++) {
    const part = await cache.match(keyRequestUrl(partKey(key, i)), MATCH);
    if (part === undefined) return null;
    blobs.push(await part.blob());
  }
  const body = new Blob(blobs);
  if (parts > 0 && body.size !== Number(head.headers.get(BYTES_HEADER) ?? -1)) return null;
  return new Response(body, {
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.size) },
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
