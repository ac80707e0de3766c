/**
 * The engine inside the Worker: loads the model on onnxruntime-web (WebGPU or WASM), keeps it, and
 * serves one `RealtimeSession` per `MessagePort`. Decoding runs here, never on the page's thread.
 */

import {
  type ProfileOptions,
  type ProfileResult,
  profileModel,
  Qwen3AsrModel,
  Qwen3Recognizer,
  syntheticSpeech,
} from '@earshot/core/engine';
import { randomIds } from '@earshot/core/protocol';
import { CLOSE_GOING_AWAY, MODEL_CACHE_NAME } from '../constants.ts';
import { errorCodeOf } from '../errors.ts';
import { type ByteStore, MemoryByteStore } from '../model-cache/byte-store.ts';
import { CacheApiStore } from '../model-cache/cache-api-store.ts';
import { CachedModelSource } from '../model-cache/cached-model-source.ts';
import { browserStorageEstimate } from '../model-cache/quota.ts';
import { chooseBackend, detectCapabilities, wasmThreads } from './backend.ts';
import type {
  Backend,
  ConnectOptions,
  EngineCapabilities,
  EngineWorkerApi,
  LoadedModel,
  LoadOutcome,
  LoadProgress,
  LoadRequest,
} from './engine-api.ts';
import { RuntimeFetchWatch, runtimeLoadError } from './runtime-load.ts';
import { refusePort, type ServedPort, servePort } from './session-host.ts';

interface Loaded {
  readonly key: string;
  readonly info: LoadedModel;
  readonly recognizer: Qwen3Recognizer;
}

/** The Worker's engine; `api` is what the page calls through comlink. */
export class EngineWorker implements EngineWorkerApi {
  private caps: Promise<EngineCapabilities> | null = null;
  private loading: {
    key: string;
    promise: Promise<LoadOutcome>;
    listeners: Set<(p: LoadProgress) => void>;
  } | null = null;
  private loaded: Loaded | null = null;
  private readonly sessions = new Set<ServedPort>();
  private readonly ids = randomIds();
  /** Failed fetches of ONNX Runtime's own files (its .wasm), to tell them from a broken model. */
  private readonly runtimeFetches = RuntimeFetchWatch.install();

  capabilities(): Promise<EngineCapabilities> {
    this.caps ??= detectCapabilities();
    return this.caps;
  }

  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadOutcome> {
    const key = JSON.stringify([
      request.modelUrl,
      request.backend ?? 'auto',
      request.variant ?? null,
      request.threads ?? null,
      request.policy ?? null,
      request.maxNewTokens ?? null,
    ]);
    if (this.loaded?.key === key && this.loading === null)
      return Promise.resolve({ ok: true, model: this.loaded.info });
    if (this.loading?.key === key) {
      if (onProgress !== undefined) this.loading.listeners.add(onProgress);
      return this.loading.promise;
    }
    const listeners = new Set<(p: LoadProgress) => void>(onProgress === undefined ? [] : [onProgress]);
    const emit = (p: LoadProgress) => {
      for (const listener of listeners) listener(p);
    };
    const promise = this.doLoad(key, request, emit).then(
      (loaded): LoadOutcome => ({ ok: true, model: loaded.info }),
      (error: unknown): LoadOutcome => ({
        ok: false,
        code: errorCodeOf(error, 'EARSHOT_ERR_ENGINE'),
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    const loading = { key, promise, listeners };
    this.loading = loading;
    void promise.finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    return promise;
  }

  async unload(): Promise<void> {
    for (const session of [...this.sessions]) session.close(CLOSE_GOING_AWAY, 'engine unloaded');
    const loaded = this.loaded;
    this.loaded = null;
    await loaded?.recognizer.asr.release();
  }

  connect(port: MessagePort, options: ConnectOptions = {}): void {
    void this.accept(port, options);
  }

  async clearCache(modelUrl?: string): Promise<number> {
    if (!CacheApiStore.available()) return 0;
    const store = new CacheApiStore(MODEL_CACHE_NAME);
    let removed = 0;
    const prefix = modelUrl === undefined ? '' : new CachedModelSource(modelUrl, { store }).location;
    for (const key of await store.keys()) {
      if (key.startsWith(prefix)) {
        await store.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async profile(options?: ProfileOptions): Promise<ProfileResult> {
    if (this.loaded === null) throw new Error('No model is loaded; call load() first.');
    return profileModel(this.loaded.recognizer.asr, options);
  }

  async status(): Promise<{ model: LoadedModel | null; sessions: number }> {
    return { model: this.loaded?.info ?? null, sessions: this.sessions.size };
  }

  private async accept(port: MessagePort, options: ConnectOptions): Promise<void> {
    let loaded = this.loaded;
    if (this.loading !== null) {
      const outcome = await this.loading.promise;
      if (!outcome.ok) return refusePort(port, outcome.code, outcome.message);
      loaded = this.loaded;
    }
    if (loaded === null)
      return refusePort(port, 'EARSHOT_ERR_ENGINE', 'No model is loaded; call load() first.');
    const served = servePort(port, {
      ...options,
      recognizer: loaded.recognizer,
      ids: this.ids,
      onInternalError: (error) => console.error('[earshot] session error', error),
      onClosed: () => this.sessions.delete(served),
    });
    this.sessions.add(served);
  }

  private async doLoad(key: string, request: LoadRequest, emit: (p: LoadProgress) => void): Promise<Loaded> {
    const started = performance.now();
    const caps = await this.capabilities();
    const preference = request.backend ?? 'auto';
    const choice = chooseBackend(caps, preference);
    const store: ByteStore =
      request.cache !== false && CacheApiStore.available()
        ? new CacheApiStore(MODEL_CACHE_NAME)
        : new MemoryByteStore();
    const source = new CachedModelSource(request.modelUrl, { store, estimate: browserStorageEstimate });
    if (this.loaded !== null) await this.unload();
    let loaded: { recognizer: Qwen3Recognizer; warmupMs: number; backend: Backend; reason: string };
    try {
      loaded = await this.loadOn(choice.backend, choice.reason, caps, request, source, emit);
    } catch (error) {
      // WebGPU chosen by detection but failing at run time (driver, limits): fall back to WASM.
      if (choice.backend !== 'webgpu' || preference !== 'auto' || isLoadError(error)) throw error;
      const reason = `WebGPU failed (${error instanceof Error ? error.message : String(error)}); WASM instead`;
      loaded = await this.loadOn('wasm', reason, caps, request, source, emit);
    }
    const { recognizer, backend } = loaded;
    const info: LoadedModel = {
      model: recognizer.model,
      modelUrl: source.location,
      variant: recognizer.asr.variantName,
      backend,
      backendReason: loaded.reason,
      threads: backend === 'wasm' ? wasmThreads(caps, request.threads) : 1,
      adapter: backend === 'webgpu' ? describeAdapter(caps) : null,
      loadMs: Math.round(performance.now() - started - loaded.warmupMs),
      warmupMs: Math.round(loaded.warmupMs),
      cache: source.stats,
      kvCache: recognizer.asr.kvLocation === 'gpu-buffer' ? 'gpu-buffer' : 'cpu',
    };
    this.loaded = { key, info, recognizer };
    emit({ phase: 'ready', loaded: 1, total: 1, file: '' });
    return this.loaded;
  }

  /** Loads the model on one backend and warms it up (compiles WebGPU shaders before the user speaks). */
  private async loadOn(
    backend: Backend,
    reason: string,
    caps: EngineCapabilities,
    request: LoadRequest,
    source: CachedModelSource,
    emit: (p: LoadProgress) => void,
  ): Promise<{ recognizer: Qwen3Recognizer; warmupMs: number; backend: Backend; reason: string }> {
    const mark = this.runtimeFetches.mark();
    let asr: Qwen3AsrModel;
    try {
      // The plain WASM build is leaner and faster on CPU; the JSEP build carries the WebGPU provider.
      const ort =
        backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
      ort.env.wasm.numThreads = wasmThreads(caps, request.threads);
      ort.env.logLevel = 'error';
      asr = await Qwen3AsrModel.load({
        ort,
        source,
        variant: request.variant,
        features: backend === 'webgpu' ? (caps.webgpu?.features ?? []) : [],
        sessionOptions: { executionProviders: [backend], graphOptimizationLevel: 'all', logSeverityLevel: 3 },
        keepKvOnDevice: backend === 'webgpu',
        maxNewTokens: request.maxNewTokens,
        onProgress: (p) => emit({ phase: 'download', loaded: p.loaded, total: p.total, file: p.file }),
      });
    } catch (error) {
      // ORT fetches its .wasm at the first session: a failure there is the runtime's, not the graph's.
      const code = (error as { code?: unknown } | null)?.code;
      const runtime =
        code === undefined || code === 'EARSHOT_ERR_MODEL_GRAPH'
          ? runtimeLoadError(error, this.runtimeFetches.since(mark))
          : null;
      throw runtime ?? error;
    }
    const recognizer = new Qwen3Recognizer(asr, { policy: request.policy });
    emit({ phase: 'warmup', loaded: 0, total: null, file: '' });
    const warmStart = performance.now();
    try {
      await asr.warmUp(syntheticSpeech(1));
    } catch (error) {
      await asr.release();
      throw error;
    }
    return { recognizer, warmupMs: performance.now() - warmStart, backend, reason };
  }
}

/**
 * Errors about the model files themselves (download, checksum, config): another backend would not
 * help. A graph, variant or runtime failure may be the backend's (the WASM build has its own .wasm).
 */
function isLoadError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    code !== 'EARSHOT_ERR_MODEL_GRAPH' &&
    code !== 'EARSHOT_ERR_MODEL_VARIANT' &&
    code !== 'EARSHOT_ERR_RUNTIME_LOAD'
  );
}

function describeAdapter(caps: EngineCapabilities): string {
  const gpu = caps.webgpu;
  if (gpu === null) return '';
  const name =
    [gpu.vendor, gpu.architecture, gpu.description].filter((s) => s !== '').join(' / ') || 'unknown adapter';
  return gpu.fallbackAdapter ? `${name} (software fallback)` : name;
}
