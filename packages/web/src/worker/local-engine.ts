/**
 * `LocalEngine`: the page's handle on the engine Worker — load the model (with progress), read the
 * capabilities, open sessions (`connect()` / `openSocket()`), unload, clear the cache. When the
 * Worker is lost (its `error` event, or `terminate()`), every pending call rejects with
 * `EARSHOT_ERR_WORKER_LOST`, every open session ends (Realtime `error`, then close 1011) and
 * `LocalEngine.shared()` starts a new Worker.
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
  LoadOutcome,
  LoadProgress,
  LoadRequest,
} from './engine-api.ts';
import { WorkerLoss } from './worker-loss.ts';

/** Options of `LocalEngine.load`: a `LoadRequest` whose `modelUrl` may be relative, plus progress. */
export interface LocalLoadOptions extends Partial<LoadRequest> {
  /** Byte progress over all model files, then the warm-up. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

let shared: LocalEngine | null = null;

export class LocalEngine {
  private readonly api: Remote<EngineWorkerApi>;
  private current: LoadedModel | null = null;
  private readonly loss = new WorkerLoss();

  /** Starts the engine Worker (or wraps `worker`, e.g. one the host bundled itself); its `error` event counts as a crash. */
  constructor(private readonly worker: Worker = createEngineWorker()) {
    this.api = wrap<EngineWorkerApi>(worker);
    worker.addEventListener('error', (event: Event) => {
      const detail = (event as Partial<ErrorEvent>).message;
      this.lose(`The engine Worker crashed${detail ? `: ${detail}` : ''}.`);
    });
  }

  /** The page's shared engine (one Worker, one model, any number of sessions); a new one after the last was lost. */
  static shared(): LocalEngine {
    shared ??= new LocalEngine();
    return shared;
  }

  /** True once the Worker crashed or was terminated (every call then rejects with `EARSHOT_ERR_WORKER_LOST`). */
  get lost(): boolean {
    return this.loss.error !== null;
  }

  /** The loaded model, or null. */
  get model(): LoadedModel | null {
    return this.current;
  }

  /** What the Worker can run here (WebGPU adapter, isolation, the backend `auto` picks). */
  capabilities(): Promise<EngineCapabilities> {
    return this.loss.guard(() => this.api.capabilities());
  }

  /** Loads the model (default: the embedded model at `/models/earshot-tiny-en/`); rejects with a typed `EarshotWebError`. */
  async load(options: LocalLoadOptions = {}): Promise<LoadedModel> {
    const { onProgress, ...rest } = options;
    const request: LoadRequest = { ...rest, modelUrl: absoluteUrl(options.modelUrl ?? DEFAULT_MODEL_URL) };
    const outcome = await this.loss.guard<LoadOutcome>(() =>
      this.api.load(request, onProgress === undefined ? undefined : proxy(onProgress)),
    );
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
    this.loss.track(channel.port1);
    if (!this.lost) void this.api.connect(transfer(channel.port2, [channel.port2]), options);
    return channel.port1;
  }

  /** Opens a session as a `LocalRealtimeSocket` (for `url`, checked as in `connect`). */
  openSocket(options: ConnectOptions = {}): LocalRealtimeSocket {
    return new LocalRealtimeSocket(this.connect(options), {
      protocols: ['realtime'],
      ...(options.url === undefined ? {} : { url: options.url }),
    });
  }

  /** Measures the loaded model on this device (see `EngineWorkerApi.profile`). */
  profile(options?: ProfileOptions): Promise<ProfileResult> {
    return this.loss.guard(() => this.api.profile(options));
  }

  /** Closes every session (1001) and releases the model. */
  async unload(): Promise<void> {
    await this.loss.guard(() => this.api.unload());
    this.current = null;
  }

  /** Deletes cached model files (of `modelUrl`, or all); resolves to the number of entries removed. */
  clearCache(modelUrl?: string): Promise<number> {
    return this.loss.guard(() =>
      this.api.clearCache(modelUrl === undefined ? undefined : absoluteUrl(modelUrl)),
    );
  }

  /** Stops the Worker: pending calls reject and open sessions close with 1011, as after a crash (`EARSHOT_ERR_WORKER_LOST`). */
  terminate(): void {
    this.lose('The engine Worker was terminated.');
  }

  /** Declares the Worker lost (once): settles calls and sessions, stops it, and lets `shared()` start anew. */
  private lose(message: string): void {
    if (this.lost) return;
    this.loss.lose(message);
    this.current = null;
    if (shared === this) shared = null;
    this.worker.terminate();
  }
}

/** Starts the engine's module Worker (bundlers emit it as its own chunk). */
export function createEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'earshot-engine' });
}

function absoluteUrl(url: string): string {
  return new URL(url, globalThis.location?.href).href;
}
