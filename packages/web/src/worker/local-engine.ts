/**
 * `LocalEngine`: the page's handle on the engine Worker — load the model (with progress), read the
 * capabilities, open sessions (`connect()` / `openSocket()`), unload, clear the cache.
 */
import type { ProfileOptions, ProfileResult } from '@earshot/core/engine';
import { proxy, type Remote, transfer, wrap } from 'comlink';
import { DEFAULT_MODEL_URL } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';
import { LocalRealtimeSocket } from '../socket/local-realtime-socket.ts';
import type {
  ConnectOptions,
  EngineCapabilities,
  EngineWorkerApi,
  LoadedModel,
  LoadProgress,
  LoadRequest,
} from './engine-api.ts';

/** Options of `LocalEngine.load`: a `LoadRequest` whose `modelUrl` may be relative, plus progress. */
export interface LocalLoadOptions extends Partial<LoadRequest> {
  /** Byte progress over all model files, then the warm-up. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

let shared: LocalEngine | null = null;

export class LocalEngine {
  private readonly api: Remote<EngineWorkerApi>;
  private current: LoadedModel | null = null;

  /** Starts the engine Worker (or wraps `worker`, e.g. one the host bundled itself). */
  constructor(private readonly worker: Worker = createEngineWorker()) {
    this.api = wrap<EngineWorkerApi>(worker);
  }

  /** The page's shared engine (one Worker, one model, any number of sessions). */
  static shared(): LocalEngine {
    shared ??= new LocalEngine();
    return shared;
  }

  /** The loaded model, or null. */
  get model(): LoadedModel | null {
    return this.current;
  }

  /** What the Worker can run here (WebGPU adapter, isolation, the backend `auto` picks). */
  capabilities(): Promise<EngineCapabilities> {
    return this.api.capabilities();
  }

  /** Loads the model (default: the embedded model at `/models/earshot-tiny-en/`); rejects with a typed `EarshotWebError`. */
  async load(options: LocalLoadOptions = {}): Promise<LoadedModel> {
    const { onProgress, ...rest } = options;
    const request: LoadRequest = { ...rest, modelUrl: absoluteUrl(options.modelUrl ?? DEFAULT_MODEL_URL) };
    const outcome = await this.api.load(request, onProgress === undefined ? undefined : proxy(onProgress));
    if (!outcome.ok) throw new EarshotWebError(outcome.code, outcome.message);
    this.current = outcome.model;
    return outcome.model;
  }

  /**
   * Opens a session and returns the page's end of its `MessagePort` (wrap it in
   * `LocalRealtimeSocket`). `options.url` is checked as the server checks its Realtime URL
   * (`intent`, `model`; `strictUrls` as `earshot serve --strict-urls`).
   */
  connect(options: ConnectOptions = {}): MessagePort {
    const channel = new MessageChannel();
    void this.api.connect(transfer(channel.port2, [channel.port2]), options);
    return channel.port1;
  }

  /** Opens a session as a `LocalRealtimeSocket` (for `url`, checked as in `connect`). */
  openSocket(options: ConnectOptions = {}): LocalRealtimeSocket {
    return new LocalRealtimeSocket(this.connect(options), {
      protocols: ['realtime'],
      ...(options.url === undefined ? {} : { url: options.url }),
    });
  }

  /** Closes every session (1001) and releases the model. */
  /** Measures the loaded model on this device (see `EngineWorkerApi.profile`). */
  profile(options?: ProfileOptions): Promise<ProfileResult> {
    return this.api.profile(options);
  }

  async unload(): Promise<void> {
    await this.api.unload();
    this.current = null;
  }

  /** Deletes cached model files (of `modelUrl`, or all); resolves to the number of entries removed. */
  clearCache(modelUrl?: string): Promise<number> {
    return this.api.clearCache(modelUrl === undefined ? undefined : absoluteUrl(modelUrl));
  }

  /** Stops the Worker (sessions end without a close frame). */
  terminate(): void {
    this.worker.terminate();
    if (shared === this) shared = null;
  }
}

/** Starts the engine's module Worker (bundlers emit it as its own chunk). */
export function createEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'earshot-engine' });
}

function absoluteUrl(url: string): string {
  return new URL(url, globalThis.location?.href).href;
}
