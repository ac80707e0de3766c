/**
 * `@earshot/web/offline` — opt-in: a service worker that makes a reload work with the network off.
 * The model is already cached by the engine (Cache API, `earshot-models-v1`); the service worker
 * adds what the model cache does not hold: the page, its scripts, the engine Worker and ONNX
 * Runtime's files (its ~14 MB `.wasm`, fetched by the Worker at the first session).
 *
 * ```ts
 * import { registerOfflineCache } from '@earshot/web/offline';
 * await registerOfflineCache(); // before the first load, so the engine Worker starts controlled
 * ```
 */
import { DEFAULT_MODEL_URL } from '../constants.ts';
import {
  type ConfiguredMessage,
  type ConfigureMessage,
  OFFLINE_CACHE_PREFIX,
  SERVICE_WORKER_FILE,
} from './protocol.ts';

export {
  type ConfiguredMessage,
  OFFLINE_CACHE_PREFIX,
  PRECACHE_GLOBAL,
  type PrecacheManifest,
  SERVICE_WORKER_FILE,
} from './protocol.ts';
export { isRuntimeFile, type RequestFacts, type RequestKind, requestKind } from './strategy.ts';

/** Options of `registerOfflineCache`. */
export interface OfflineCacheOptions {
  /** URL of the service worker script (default `/earshot-sw.js`, relative to the document's base: `./earshot-sw.js`). */
  readonly serviceWorkerUrl?: string | URL;
  /** Its scope (default: the script's folder). The page and the engine Worker must be inside it. */
  readonly scope?: string;
  /**
   * More files to cache now and serve cache-first: ONNX Runtime's files when they are not part of
   * the build's precache list (another host, `ort.env.wasm.wasmPaths`, the WebGPU build's
   * `ort-wasm-simd-threaded.asyncify.wasm`), or anything else the page needs offline.
   */
  readonly runtimeUrls?: readonly (string | URL)[];
  /** Model folder URL(s) (default `/models/earshot-tiny-en/`): answered from the model cache, never copied. */
  readonly modelUrl?: string | URL | readonly (string | URL)[];
  /** The script's type (default `module`; the built script has no imports, so `classic` works too). */
  readonly type?: WorkerType;
  /** How long to wait for the service worker to activate and control the page (default 30 s). */
  readonly timeoutMs?: number;
}

/** A registered offline cache. */
export interface OfflineCache {
  readonly registration: ServiceWorkerRegistration;
  /** The cache holding the page and runtime files (`earshot-offline-v1-<version>`). */
  readonly cacheName: string;
  /** The build's version (a content hash; `dev` under the dev server). */
  readonly version: string;
  /** Every URL cached so far. */
  readonly cached: readonly string[];
  /** Runtime URLs that could not be cached, and why. */
  readonly failed: readonly { readonly url: string; readonly reason: string }[];
  /** Whether the page is controlled by the service worker (its requests, and a Worker it starts from now on, go through it). */
  readonly controlled: boolean;
  /** Caches more URLs (cache-first afterwards); resolves to the updated state. */
  precache(urls: readonly (string | URL)[]): Promise<OfflineCache>;
  /** Unregisters the service worker and deletes its caches (the model cache stays: `LocalEngine.clearCache()`). */
  unregister(): Promise<boolean>;
}

/**
 * Registers the offline service worker, waits until it is active and controls the page, tells it
 * the model folder and the runtime URLs, and resolves once those are cached. Resolves to null
 * where service workers are unavailable (an insecure context, some private modes): the page then
 * works online as before. Call it before the engine's first load, so the engine Worker starts
 * under the service worker (a Worker started earlier keeps fetching past it until a reload).
 */
export async function registerOfflineCache(options: OfflineCacheOptions = {}): Promise<OfflineCache | null> {
  const container = globalThis.navigator?.serviceWorker;
  if (container === undefined) return null;
  const base = globalThis.document?.baseURI ?? globalThis.location.href;
  const scriptUrl = new URL(options.serviceWorkerUrl ?? `./${SERVICE_WORKER_FILE}`, base);
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(scriptUrl, {
      type: options.type ?? 'module',
      ...(options.scope === undefined ? {} : { scope: options.scope }),
    });
  } catch (error) {
    // Offline, registering again fails its update check (the script cannot be fetched): keep the
    // registration already active.
    const existing = await container.getRegistration(options.scope ?? scriptUrl.href);
    if (existing?.active == null) throw error;
    registration = existing;
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const active = await activeWorker(registration, timeoutMs);
  const modelUrls = toList(options.modelUrl ?? DEFAULT_MODEL_URL).map((u) => folderUrl(u, base));
  const configure = async (runtimeUrls: readonly (string | URL)[]): Promise<ConfiguredMessage> =>
    ask(
      registration.active ?? active,
      {
        type: 'earshot-offline:configure',
        modelUrls,
        runtimeUrls: runtimeUrls.map((u) => new URL(u, base).href),
      },
      timeoutMs,
    );
  let reply = await configure(options.runtimeUrls ?? []);
  const inScope = globalThis.location.href.startsWith(registration.scope);
  if (inScope) await controlled(container, timeoutMs);
  const state = (): OfflineCache => ({
    registration,
    cacheName: reply.cacheName,
    version: reply.version,
    cached: reply.cached,
    failed: reply.failed,
    controlled: container.controller !== null,
    precache: async (urls) => {
      reply = await configure(urls);
      return state();
    },
    unregister: async () => {
      const done = await registration.unregister();
      for (const name of await caches.keys())
        if (name.startsWith(OFFLINE_CACHE_PREFIX)) await caches.delete(name);
      return done;
    },
  });
  return state();
}

/**
 * The registration's active worker, once activated. A worker still installing (the first visit, or
 * a new build: it precaches the build's list) is waited for, so that the page talks to the newest.
 */
async function activeWorker(
  registration: ServiceWorkerRegistration,
  timeoutMs: number,
): Promise<ServiceWorker> {
  const settled = (worker: ServiceWorker) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (worker.state === 'activated' || worker.state === 'redundant') resolve();
      };
      worker.addEventListener('statechange', check);
      check();
    });
  const wait = async (): Promise<ServiceWorker> => {
    const pending = registration.installing ?? registration.waiting;
    if (pending !== null) await settled(pending);
    const active = registration.active;
    if (active === null)
      throw new Error(
        'The offline service worker failed to install (a precached file could not be fetched?).',
      );
    await settled(active);
    if (active.state !== 'activated') return wait(); // replaced meanwhile: the next one
    return active;
  };
  return withTimeout(wait(), timeoutMs, 'the offline service worker to activate');
}

/** Waits until the page has a controller (the service worker claims its clients on activation). */
function controlled(container: ServiceWorkerContainer, timeoutMs: number): Promise<void> {
  if (container.controller !== null) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) =>
      container.addEventListener('controllerchange', () => resolve(), { once: true }),
    ),
    timeoutMs,
    'the offline service worker to control the page',
  );
}

/** Sends a message on a fresh channel and waits for the answer. */
function ask(
  worker: ServiceWorker,
  message: ConfigureMessage,
  timeoutMs: number,
): Promise<ConfiguredMessage> {
  const channel = new MessageChannel();
  const answer = new Promise<ConfiguredMessage>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<ConfiguredMessage>) => {
      channel.port1.close();
      resolve(event.data);
    };
  });
  worker.postMessage(message, [channel.port2]);
  return withTimeout(answer, timeoutMs, 'the offline service worker to cache the runtime files');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function toList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** An absolute folder URL, ending in `/` (as `CachedModelSource.location`). */
export function folderUrl(url: string | URL, base: string): string {
  const href = new URL(url, base).href;
  return href.endsWith('/') ? href : `${href}/`;
}
