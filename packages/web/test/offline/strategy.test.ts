import { describe, expect, it } from 'vitest';
import { MODEL_CACHE_NAME } from '../../src/constants.ts';
import { CacheApiStore } from '../../src/model-cache/cache-api-store.ts';
import { KEY_ORIGIN } from '../../src/model-cache/cache-keys.ts';
import { folderUrl, registerOfflineCache } from '../../src/offline/index.ts';
import {
  isStaleCache,
  type RequestFacts,
  requestKind,
  type StrategyContext,
} from '../../src/offline/strategy.ts';

const SCOPE = 'http://localhost:4173/';
const context: StrategyContext = {
  scope: SCOPE,
  config: {
    modelUrls: [`${SCOPE}models/earshot-tiny-en/`],
    runtimeUrls: ['https://cdn.example/ort/ort-wasm-simd-threaded.jsep.wasm'],
  },
  precached: new Set([`${SCOPE}`, `${SCOPE}assets/index-DOBiHal0.js`, `${SCOPE}index.html`]),
};

function get(url: string, extra: Partial<RequestFacts> = {}): RequestFacts {
  return { url, method: 'GET', mode: 'cors', destination: '', range: false, ...extra };
}

describe('the offline service worker strategy', () => {
  it('pages network first, versioned runtime and build files cache first, model files from the model cache', () => {
    expect(
      requestKind(
        get(`${SCOPE}?offline=1&language=en`, { mode: 'navigate', destination: 'document' }),
        context,
      ),
    ).toBe('page');
    expect(requestKind(get(`${SCOPE}assets/index-DOBiHal0.js`, { destination: 'script' }), context)).toBe(
      'versioned',
    );
    expect(requestKind(get(`${SCOPE}assets/ort-wasm-simd-threaded-DcHrbrbl.wasm`), context)).toBe(
      'versioned',
    );
    expect(requestKind(get(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-D5D0fo7z.wasm`), context)).toBe(
      'versioned',
    );
    expect(requestKind(get(`${SCOPE}assets/worker-C716YI0r.js`, { destination: 'worker' }), context)).toBe(
      'versioned',
    );
    expect(requestKind(get('https://cdn.example/ort/ort-wasm-simd-threaded.jsep.wasm'), context)).toBe(
      'versioned',
    );
    expect(requestKind(get(`${SCOPE}models/earshot-tiny-en/encoder.onnx`), context)).toBe('model');
    expect(requestKind(get(`${SCOPE}fixtures/audio/digits-16k.wav`), context)).toBe('other');
  });

  it('leaves other requests to the browser: not GET, Range, other origins', () => {
    expect(requestKind(get(`${SCOPE}models/earshot-tiny-en/encoder.onnx`, { method: 'HEAD' }), context)).toBe(
      'passthrough',
    );
    expect(requestKind(get(`${SCOPE}assets/index-DOBiHal0.js`, { range: true }), context)).toBe(
      'passthrough',
    );
    expect(requestKind(get('https://huggingface.co/x/resolve/main/config.json'), context)).toBe(
      'passthrough',
    );
    expect(requestKind(get('http://localhost:4173/v1/x', { method: 'POST' }), context)).toBe('passthrough');
  });

  it('deletes only its own older caches on activation, never the model cache', () => {
    const current = 'earshot-offline-v1-abc';
    expect(isStaleCache('earshot-offline-v1-old', current, 'earshot-offline-v1-')).toBe(true);
    expect(isStaleCache(current, current, 'earshot-offline-v1-')).toBe(false);
    expect(isStaleCache(MODEL_CACHE_NAME, current, 'earshot-offline-v1-')).toBe(false);
  });

  it('shares the model cache layout with CacheApiStore', () => {
    expect(KEY_ORIGIN).toBe('https://earshot-cache.invalid/');
    expect(new CacheApiStore()).toBeInstanceOf(CacheApiStore);
    expect(folderUrl('/models/earshot-tiny-en', SCOPE)).toBe(`${SCOPE}models/earshot-tiny-en/`);
  });

  it('registerOfflineCache resolves to null where service workers are unavailable (the page works online as before)', async () => {
    expect(globalThis.navigator?.serviceWorker).toBeUndefined();
    expect(await registerOfflineCache()).toBeNull();
  });
});
