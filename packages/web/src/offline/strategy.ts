/**
 * How the offline service worker treats a request — pure, so it is unit-tested without a service
 * worker. No imports besides types: the service worker bundles it.
 */
import type { OfflineConfig } from './protocol.ts';

/** How a request is answered. */
export type RequestKind =
  /** A page (HTML): network first (a new deploy shows at once), the cached copy offline. */
  | 'page'
  /** A file under a model folder: the model cache (`earshot-models-v1`) first, else the network; never copied. */
  | 'model'
  /** A versioned file (ORT's .wasm/.mjs, a hashed build asset, a precached URL): cache first. */
  | 'versioned'
  /** Another same-origin GET: network first, stored, the cached copy offline. */
  | 'other'
  /** Left to the browser (not GET, a Range request, another origin not listed). */
  | 'passthrough';

/** The parts of a `Request` the choice reads. */
export interface RequestFacts {
  readonly url: string;
  readonly method: string;
  /** `Request.mode` (`navigate` for pages). */
  readonly mode: string;
  /** `Request.destination` (`document`, `script`, `worker`, …). */
  readonly destination: string;
  readonly range: boolean;
}

/** What the service worker knows. */
export interface StrategyContext {
  /** The service worker's scope (an absolute URL ending in `/`). */
  readonly scope: string;
  readonly config: OfflineConfig;
  /** Absolute URLs of the build's precache list. */
  readonly precached: ReadonlySet<string>;
}

/** A build's content-hashed file name (`index-DOBiHal0.js`, `ort-wasm-simd-threaded-DcHrbrbl.wasm`). */
const HASHED = /[-.][A-Za-z0-9_-]{8,}\.(?:m?js|css|wasm|woff2?|svg|png|webp|json)$/;

/** Whether `url` names an ONNX Runtime file: its `.wasm` binary or `ort…` `.mjs`/`.js` glue. */
export function isRuntimeFile(url: string): boolean {
  const path = new URL(url).pathname;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /\.wasm$/i.test(name) || /^ort[-.].*\.m?js$/i.test(name);
}

/** Classifies a request (see `RequestKind`). */
export function requestKind(request: RequestFacts, context: StrategyContext): RequestKind {
  if (request.method !== 'GET' || request.range) return 'passthrough';
  const url = new URL(request.url);
  url.hash = '';
  const href = url.href;
  if (context.config.modelUrls.some((prefix) => href.startsWith(prefix))) return 'model';
  const listed = context.precached.has(href) || context.config.runtimeUrls.includes(href);
  const inScope = href.startsWith(context.scope);
  if (!inScope && !listed) return 'passthrough';
  if (request.mode === 'navigate' || request.destination === 'document') return 'page';
  if (listed || isRuntimeFile(href) || HASHED.test(url.pathname)) return 'versioned';
  return 'other';
}

/** Whether an old cache of this service worker should be deleted at activation. */
export function isStaleCache(name: string, current: string, prefix: string): boolean {
  return name.startsWith(prefix) && name !== current;
}
