/**
 * Telling a failed ONNX Runtime download apart from a broken model. onnxruntime-web fetches its
 * WebAssembly binary (`ort-wasm-simd-threaded[.asyncify].wasm`, next to its module unless
 * `ort.env.wasm.wasmPaths` says otherwise) the first time a session is created, so a runtime that
 * cannot be fetched (offline without the service worker cache, a wrong path, an HTML answer)
 * surfaces inside the first `InferenceSession.create` — which model loading reports as
 * `EARSHOT_ERR_MODEL_GRAPH` on `encoder.onnx`. `RuntimeFetchWatch` records the Worker's failed
 * runtime fetches; `runtimeLoadError` turns such a load failure into `EARSHOT_ERR_RUNTIME_LOAD`
 * naming the URL.
 */
import { EarshotWebError } from '../errors.ts';
import { isHtmlContentType } from '../model-cache/html-fallback.ts';

/** A runtime file request that failed: its URL and why. */
export interface RuntimeFetchFailure {
  readonly url: string;
  readonly reason: string;
}

/** Whether `url` names an ONNX Runtime file (its `.wasm` binary or `.mjs` glue), by its file name. */
export function isRuntimeUrl(url: string): boolean {
  let path: string;
  try {
    path = new URL(url, 'http://x/').pathname;
  } catch {
    return false;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /\.wasm$/i.test(name) || /^ort[-.].*\.m?js$/i.test(name);
}

type Fetch = typeof fetch;

/**
 * Wraps a scope's `fetch` (the engine Worker's global) and records runtime-file requests that
 * reject or answer with an error status or an HTML page. The wrapper forwards every call unchanged.
 */
export class RuntimeFetchWatch {
  private readonly failures: RuntimeFetchFailure[] = [];

  /** Installs the watch on `scope.fetch` (once per scope; a second install returns the first watch). */
  static install(scope: { fetch: Fetch } = globalThis): RuntimeFetchWatch {
    const marked = scope as { fetch: Fetch; [WATCH]?: RuntimeFetchWatch };
    const existing = marked[WATCH];
    if (existing !== undefined) return existing;
    const watch = new RuntimeFetchWatch();
    const original = scope.fetch.bind(scope);
    scope.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = requestUrl(input);
      if (!isRuntimeUrl(url)) return original(input, init);
      try {
        const response = await original(input, init);
        if (!response.ok) watch.record(url, `HTTP ${response.status}`);
        else if (isHtmlContentType(response.headers.get('content-type')))
          watch.record(url, 'an HTML page (a SPA fallback?) instead of the file');
        return response;
      } catch (error) {
        watch.record(url, error instanceof Error ? error.message : String(error));
        throw error;
      }
    }) as Fetch;
    marked[WATCH] = watch;
    return watch;
  }

  /** Records a failure (also for tests and other loaders). */
  record(url: string, reason: string): void {
    this.failures.push({ url, reason });
  }

  /** The failures so far (oldest first). */
  get all(): readonly RuntimeFetchFailure[] {
    return this.failures;
  }

  /** A mark to pass to `since()`: failures recorded after it belong to one load. */
  mark(): number {
    return this.failures.length;
  }

  /** Failures recorded after `mark`. */
  since(mark: number): readonly RuntimeFetchFailure[] {
    return this.failures.slice(mark);
  }
}

const WATCH = Symbol.for('earshot.runtimeFetchWatch');

/**
 * `EARSHOT_ERR_RUNTIME_LOAD` for a load failure caused by the runtime, else null: when a runtime
 * fetch failed during the load (`failures`), or when the error's message is ORT's own about its
 * WebAssembly files (`Failed to load …wasm`, `failed to fetch dynamically imported module: …mjs`,
 * `both async and sync fetching of the wasm failed`), naming the URL it gives.
 */
export function runtimeLoadError(
  error: unknown,
  failures: readonly RuntimeFetchFailure[],
): EarshotWebError | null {
  const message = error instanceof Error ? error.message : String(error);
  const failed = failures[failures.length - 1];
  if (failed !== undefined) {
    return new EarshotWebError(
      'EARSHOT_ERR_RUNTIME_LOAD',
      `The ONNX Runtime WebAssembly file could not be loaded from ${failed.url} (${failed.reason}); the model was not the problem. ${HINT}`,
      { cause: error },
    );
  }
  if (!mentionsRuntime(message)) return null;
  const url = runtimeUrlIn(message);
  return new EarshotWebError(
    'EARSHOT_ERR_RUNTIME_LOAD',
    `The ONNX Runtime WebAssembly runtime could not be loaded${url === null ? '' : ` from ${url}`}: ${stripPrefix(message)}. ${HINT}`,
    { cause: error },
  );
}

const HINT =
  'Offline, the runtime files must be cached (registerOfflineCache from @earshot/web/offline); otherwise check that the host serves them (and ort.env.wasm.wasmPaths, if set).';

function mentionsRuntime(message: string): boolean {
  return (
    /ort-wasm[\w.-]*\.(wasm|mjs)/i.test(message) ||
    /failed to fetch dynamically imported module/i.test(message) ||
    /(both async and sync fetching of the wasm failed|wasm streaming compile failed)/i.test(message)
  );
}

/** The first runtime URL (or `ort-wasm…` file name) in a message. */
export function runtimeUrlIn(message: string): string | null {
  for (const match of message.matchAll(/(?:https?|blob|file):\/\/[^\s'"()<>,]+/gi)) {
    const url = match[0].replace(/[.:;]+$/, '');
    if (isRuntimeUrl(url)) return url;
  }
  return /ort-wasm[\w.-]*\.(?:wasm|mjs)/i.exec(message)?.[0] ?? null;
}

/** The message without the model loader's `file: ` prefix (the graph it happened to be creating). */
function stripPrefix(message: string): string {
  return message.replace(/^[\w.-]+\.onnx: /, '').replace(/\.$/, '');
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}
