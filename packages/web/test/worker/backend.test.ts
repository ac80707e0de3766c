import { describe, expect, it } from 'vitest';
import { chooseBackend, wasmThreads } from '../../src/worker/backend.ts';
import type { EngineCapabilities } from '../../src/worker/engine-api.ts';

const gpu = (fallbackAdapter: boolean): EngineCapabilities['webgpu'] => ({
  vendor: 'v',
  architecture: 'a',
  description: '',
  fallbackAdapter,
  features: ['shader-f16'],
});

function caps(webgpu: EngineCapabilities['webgpu'], isolated = true, cores = 8): EngineCapabilities {
  return {
    webgpu,
    crossOriginIsolated: isolated,
    hardwareConcurrency: cores,
    recommended: { backend: 'wasm', reason: '' },
  };
}

describe('chooseBackend', () => {
  it('auto: WebGPU on a hardware adapter, WASM without one or on a software fallback', () => {
    expect(chooseBackend(caps(gpu(false)), 'auto').backend).toBe('webgpu');
    expect(chooseBackend(caps(null), 'auto').backend).toBe('wasm');
    expect(chooseBackend(caps(gpu(true)), 'auto').backend).toBe('wasm');
  });

  it('honours an explicit choice where possible and says why', () => {
    expect(chooseBackend(caps(gpu(true)), 'webgpu').backend).toBe('webgpu');
    expect(chooseBackend(caps(gpu(false)), 'wasm').backend).toBe('wasm');
    const none = chooseBackend(caps(null), 'webgpu');
    expect(none.backend).toBe('wasm');
    expect(none.reason).toMatch(/no WebGPU adapter/);
  });
});

describe('wasmThreads', () => {
  it('leaves the page a core, caps at 4, and uses 1 thread without cross-origin isolation', () => {
    expect(wasmThreads(caps(null, true, 2))).toBe(1);
    expect(wasmThreads(caps(null, true, 4))).toBe(3);
    expect(wasmThreads(caps(null, true, 16))).toBe(4);
    expect(wasmThreads(caps(null, false, 16))).toBe(1);
    expect(wasmThreads(caps(null, true, 16), 2)).toBe(2);
  });
});
