/** Capability detection and the execution-provider choice (the only place that decides WebGPU vs WASM). */
import type { Backend, BackendPreference, EngineCapabilities } from './engine-api.ts';

interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

interface GpuAdapterLike {
  readonly features: Iterable<string>;
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Detects what this Worker (or page) can run: a WebGPU adapter, cross-origin isolation, cores. */
export async function detectCapabilities(): Promise<EngineCapabilities> {
  const nav = globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined;
  let webgpu: EngineCapabilities['webgpu'] = null;
  try {
    const adapter = (await nav?.gpu?.requestAdapter()) ?? null;
    if (adapter !== null) {
      const info = adapter.info ?? {};
      webgpu = {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        description: info.description ?? '',
        fallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
        features: [...adapter.features],
      };
    }
  } catch {
    webgpu = null;
  }
  const partial = {
    webgpu,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
  return { ...partial, recommended: chooseBackend(partial, 'auto') };
}

/** Picks the execution provider: WebGPU on a hardware adapter (or when asked and present), else WASM, with the reason. */
export function chooseBackend(
  caps: Pick<EngineCapabilities, 'webgpu'>,
  preference: BackendPreference,
): { backend: Backend; reason: string } {
  if (preference === 'wasm') return { backend: 'wasm', reason: 'WASM was requested' };
  if (caps.webgpu === null) return { backend: 'wasm', reason: 'no WebGPU adapter (navigator.gpu gave none)' };
  if (preference === 'webgpu')
    return { backend: 'webgpu', reason: 'WebGPU was requested and an adapter exists' };
  if (caps.webgpu.fallbackAdapter) {
    return { backend: 'wasm', reason: 'the only WebGPU adapter is a software fallback, slower than WASM' };
  }
  return { backend: 'webgpu', reason: 'a hardware WebGPU adapter is available' };
}

/**
 * WASM threads to use: `requested`, else one core fewer than `hardwareConcurrency` (max 4), so the
 * page's main thread keeps a core; 1 without cross-origin isolation (threads need SharedArrayBuffer).
 */
export function wasmThreads(caps: EngineCapabilities, requested?: number): number {
  if (!caps.crossOriginIsolated) return 1;
  return Math.max(1, requested ?? Math.min(4, caps.hardwareConcurrency - 1));
}
