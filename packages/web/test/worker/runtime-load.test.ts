import { ModelLoadError } from '@earshot/core/model';
import { describe, expect, it } from 'vitest';
import {
  isRuntimeUrl,
  RuntimeFetchWatch,
  runtimeLoadError,
  runtimeUrlIn,
} from '../../src/worker/runtime-load.ts';

const WASM = 'http://localhost:4173/assets/ort-wasm-simd-threaded-DcHrbrbl.wasm';

/** The error model loading raises when ORT's first session fails (as core reports it). */
function graphError(detail: string): ModelLoadError {
  return new ModelLoadError('EARSHOT_ERR_MODEL_GRAPH', 'encoder.onnx', detail);
}

describe('runtime load errors', () => {
  it('names ONNX Runtime files by their name, not model files', () => {
    expect(isRuntimeUrl(WASM)).toBe(true);
    expect(isRuntimeUrl('https://cdn.example/ort/ort-wasm-simd-threaded.asyncify.mjs')).toBe(true);
    expect(isRuntimeUrl('/assets/ort.wasm.bundle.min-0A5rgwmB.js')).toBe(true);
    expect(isRuntimeUrl('http://localhost/models/earshot-tiny-en/encoder.onnx')).toBe(false);
    expect(isRuntimeUrl('http://localhost/assets/index-DOBiHal0.js')).toBe(false);
  });

  it('a failed runtime fetch during the load becomes EARSHOT_ERR_RUNTIME_LOAD naming the wasm URL', async () => {
    const scope = {
      fetch: (async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith('.wasm')) throw new TypeError('Failed to fetch');
        if (url.endsWith('.mjs'))
          return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
        return new Response('{}', { status: url.includes('missing') ? 404 : 200 });
      }) as typeof fetch,
    };
    const watch = RuntimeFetchWatch.install(scope);
    expect(RuntimeFetchWatch.install(scope)).toBe(watch);
    const mark = watch.mark();
    await expect(scope.fetch(WASM)).rejects.toThrow('Failed to fetch');
    await scope.fetch('http://localhost/models/missing/config.json'); // a model 404: not the runtime's
    expect(watch.since(mark)).toEqual([{ url: WASM, reason: 'Failed to fetch' }]);
    await scope.fetch('http://localhost/assets/ort-wasm-simd-threaded.mjs');
    expect(watch.since(mark).at(-1)?.reason).toMatch(/HTML page/);

    const error = runtimeLoadError(
      graphError('Failed to load ort-wasm-simd-threaded.wasm'),
      watch.since(mark).slice(0, 1),
    );
    expect(error).toMatchObject({ code: 'EARSHOT_ERR_RUNTIME_LOAD' });
    expect(error?.message).toContain(`could not be loaded from ${WASM} (Failed to fetch)`);
    expect(error?.message).toContain('registerOfflineCache');
    expect(error?.message).not.toContain('encoder.onnx');
  });

  it("recognises ORT's own messages about its files, with the URL they give", () => {
    const byMessage = runtimeLoadError(
      graphError(
        `no available backend found. ERR: [wasm] TypeError: Failed to fetch dynamically imported module: ${WASM.replace('.wasm', '.mjs')}`,
      ),
      [],
    );
    expect(byMessage).toMatchObject({ code: 'EARSHOT_ERR_RUNTIME_LOAD' });
    expect(byMessage?.message).toContain(`from ${WASM.replace('.wasm', '.mjs')}`);
    expect(
      runtimeLoadError(graphError('Aborted(both async and sync fetching of the wasm failed)'), []),
    ).toMatchObject({
      code: 'EARSHOT_ERR_RUNTIME_LOAD',
    });
    expect(runtimeUrlIn(`Failed to load ${WASM}.`)).toBe(WASM);
    expect(runtimeUrlIn('Failed to load ort-wasm-simd-threaded.wasm')).toBe('ort-wasm-simd-threaded.wasm');
    // A real graph error stays a graph error.
    expect(runtimeLoadError(graphError('input "audio" has rank 2, the contract says 3'), [])).toBeNull();
  });
});
