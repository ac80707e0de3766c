/** The engine Worker's control API (exposed with comlink) and the values it exchanges with the page. */
import type { ProfileOptions, ProfileResult, StreamingPolicy } from '@earshot/core/engine';
import type { ErrorCode } from '@earshot/core/errors';

/** Which execution provider to use: `auto` picks WebGPU on a hardware adapter, else WASM. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** An ONNX Runtime Web execution provider the engine runs on. */
export type Backend = 'webgpu' | 'wasm';

/** What the Worker found out about the device. */
export interface EngineCapabilities {
  /** WebGPU adapter facts, or null when `navigator.gpu` gave no adapter. */
  readonly webgpu: {
    readonly vendor: string;
    readonly architecture: string;
    readonly description: string;
    /** True for a software adapter (e.g. SwiftShader), which is slower than WASM. */
    readonly fallbackAdapter: boolean;
    readonly features: readonly string[];
  } | null;
  /** True when the page is cross-origin isolated (COOP/COEP), which multithreaded WASM needs. */
  readonly crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  readonly hardwareConcurrency: number;
  /** What `auto` picks here, and why. */
  readonly recommended: { readonly backend: Backend; readonly reason: string };
}

/** A model load request. */
export interface LoadRequest {
  /** Absolute URL of the model folder. */
  readonly modelUrl: string;
  /** Default `auto`. */
  readonly backend?: BackendPreference;
  /** Model variant (`q4`, `q4f16`, `fp32`, …); default the best the device supports. */
  readonly variant?: string;
  /** WASM threads; default `hardwareConcurrency − 1` (1–4) when cross-origin isolated, else 1. */
  readonly threads?: number;
  /** Keep downloaded files in the Cache API (default true). */
  readonly cache?: boolean;
  /** Streaming settings (e.g. `chunkSeconds: 1` for half the decodes, later partials); default the core's, as the server uses. */
  readonly policy?: Partial<StreamingPolicy>;
  /** Most tokens one decode generates; default the model's `max_new_tokens`. */
  readonly maxNewTokens?: number;
}

/** Progress of a load, in bytes over all model files. */
export interface LoadProgress {
  readonly phase: 'download' | 'warmup' | 'ready';
  readonly loaded: number;
  readonly total: number | null;
  readonly file: string;
}

/** A loaded model, as reported to the page. */
export interface LoadedModel {
  /** The model name sessions serve. */
  readonly model: string;
  readonly modelUrl: string;
  readonly variant: string;
  readonly backend: Backend;
  /** Why this backend runs (capability detection). */
  readonly backendReason: string;
  /** WASM threads (1 on WebGPU's CPU side when not isolated). */
  readonly threads: number;
  /** The WebGPU adapter's description, or null on WASM. */
  readonly adapter: string | null;
  /** Load time, in ms (download or cache read, graph creation). */
  readonly loadMs: number;
  /** Warm-up decode time on 1 s of quiet noise, in ms. */
  readonly warmupMs: number;
  /** Files served from the cache vs downloaded. */
  readonly cache: { readonly hits: number; readonly downloads: number; readonly bytesDownloaded: number };
  /** Where the decoder's KV cache lived in the warm-up decode: on the GPU between steps (WebGPU), or in host memory. */
  readonly kvCache: 'gpu-buffer' | 'cpu';
}

/** Options of a session connection. */
export interface ConnectOptions {
  /** The Realtime URL the client asked for; its query is checked as a server checks it (`checkRealtimeUrl`). */
  readonly url?: string;
  /** OpenAI-strict URLs: neither `model` nor `intent` is refused with `missing_model`. */
  readonly strictUrls?: boolean;
}

/** The result of `load`: errors travel as codes, since thrown errors lose them across the Worker boundary. */
export type LoadOutcome =
  | { readonly ok: true; readonly model: LoadedModel }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** The Worker's control API. */
export interface EngineWorkerApi {
  /** Detects WebGPU, isolation and threads. */
  capabilities(): Promise<EngineCapabilities>;
  /** Loads a model (replacing any other); repeated calls for the same request share one load. */
  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadOutcome>;
  /** Closes every session (1001) and releases the model. */
  unload(): Promise<void>;
  /** Serves a Realtime session on `port` once the model is loaded (refused when none is loading). */
  connect(port: MessagePort, options?: ConnectOptions): void;
  /** Deletes cached files of `modelUrl` (or of every model); resolves to the number of entries removed. */
  clearCache(modelUrl?: string): Promise<number>;
  /** The loaded model (or null) and the number of open sessions. */
  status(): Promise<{ readonly model: LoadedModel | null; readonly sessions: number }>;
  /**
   * Measures the loaded model on this device: encoder and prefill per window, ms per token, the
   * streaming policy's per-chunk cost and real-time factor (`profileModel` of the core).
   */
  profile(options?: ProfileOptions): Promise<ProfileResult>;
}
