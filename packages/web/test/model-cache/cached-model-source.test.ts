import { ModelFolder } from '@earshot/core/model';
import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../src/model-cache/byte-store.ts';
import { CachedModelSource } from '../../src/model-cache/cached-model-source.ts';
import { fakeModelServer } from './fake-server.ts';

const BASE = 'https://models.example/tiny/';

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

/** Backoff that does not sleep (retries at once). */
const NO_WAIT = { delay: async () => {} };

const FILES = { 'encoder.onnx': bytes(25_000, 1), 'tokenizer.json': bytes(3_000, 2) };

describe('CachedModelSource', () => {
  it('downloads each file once with byte progress, then serves a second load with zero requests', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const store = new MemoryByteStore();
    const first = new CachedModelSource(BASE, { store, fetch: server.fetch });
    const progress: number[] = [];
    const folder = await ModelFolder.open(first, { onProgress: (p) => progress.push(p.loaded) });
    expect(await folder.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(await folder.read('tokenizer.json')).toEqual(FILES['tokenizer.json']);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(28_000);
    expect(first.stats).toEqual({ hits: 0, downloads: 2, bytesDownloaded: 28_000 });

    server.requests.length = 0;
    const second = new CachedModelSource(BASE, { store, fetch: server.fetch });
    const again = await ModelFolder.open(second);
    expect(await second.exists('tokenizer.json')).toBe(true);
    expect(await second.exists('absent.bin')).toBe(false);
    expect(await again.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(server.requests).toEqual([]);
    expect(second.stats.hits).toBe(1);
  });

  it('resumes an interrupted download with a Range request for the rest', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const store = new MemoryByteStore();
    server.cutNextAfter = null;
    const source = new CachedModelSource(BASE, { store, fetch: server.fetch, backoff: NO_WAIT });
    await source.exists('earshot-model.json');
    server.cutNextAfter = 10_000;
    expect(await source.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(server.requests.filter((r) => r.includes('encoder.onnx'))).toEqual([
      `GET ${BASE}encoder.onnx`,
      `GET ${BASE}encoder.onnx bytes=10000-`,
    ]);
    expect(await store.keys()).not.toContain(`${BASE}encoder.onnx.partial`);
  });

  it('keeps partial bytes when every attempt fails, and resumes on the next load', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const store = new MemoryByteStore();
    const flaky = {
      fetch: (url: string, init?: RequestInit) => {
        server.cutNextAfter = 5_000;
        return server.fetch(url, init);
      },
    };
    const source = new CachedModelSource(BASE, { store, fetch: flaky.fetch, attempts: 2, backoff: NO_WAIT });
    await expect(source.read('encoder.onnx')).rejects.toMatchObject({ code: 'EARSHOT_ERR_DOWNLOAD' });
    expect((await store.get(`${BASE}encoder.onnx.partial`))?.byteLength).toBe(10_000);
    server.requests.length = 0;
    const retry = new CachedModelSource(BASE, { store, fetch: server.fetch });
    expect(await retry.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(server.requests).toContain(`GET ${BASE}encoder.onnx bytes=10000-`);
  });

  it('starts over when the server ignores the Range', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const store = new MemoryByteStore();
    await store.put(`${BASE}encoder.onnx.partial`, FILES['encoder.onnx'].slice(0, 7_000));
    server.ignoreRange = true;
    const source = new CachedModelSource(BASE, { store, fetch: server.fetch });
    expect(await source.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
  });

  it('rejects a file whose SHA-256 differs from the manifest and caches nothing', async () => {
    const server = await fakeModelServer(BASE, FILES, (m) => ({
      ...m,
      files: (m.files as Array<{ path: string; sha256: string }>).map((f) =>
        f.path === 'tokenizer.json' ? { ...f, sha256: '0'.repeat(64) } : f,
      ),
    }));
    const store = new MemoryByteStore();
    const source = new CachedModelSource(BASE, { store, fetch: server.fetch });
    await expect(source.read('tokenizer.json')).rejects.toMatchObject({ code: 'EARSHOT_ERR_MODEL_CHECKSUM' });
    expect(await store.get(`${BASE}tokenizer.json`)).toBeNull();
  });

  it('checks the quota before downloading', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const source = new CachedModelSource(BASE, {
      store: new MemoryByteStore(),
      fetch: server.fetch,
      estimate: async () => ({ usage: 990_000, quota: 1_000_000 }),
    });
    await expect(source.read('encoder.onnx')).rejects.toMatchObject({ code: 'EARSHOT_ERR_STORAGE_QUOTA' });
    expect(server.requests.some((r) => r.includes('encoder.onnx'))).toBe(false);
  });

  it('reports a missing file as EARSHOT_ERR_MODEL_FILE_MISSING', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const source = new CachedModelSource(BASE, { store: new MemoryByteStore(), fetch: server.fetch });
    await expect(source.read('nope.bin')).rejects.toMatchObject({ code: 'EARSHOT_ERR_MODEL_FILE_MISSING' });
  });

  it('retries a 5xx on the manifest and reports it as EARSHOT_ERR_DOWNLOAD naming the status and URL, not a missing file', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const waits: number[] = [];
    let manifestCalls = 0;
    const failing = (url: string, init?: RequestInit) => {
      if (!url.endsWith('earshot-model.json')) return server.fetch(url, init);
      manifestCalls++;
      return Promise.resolve(new Response('busy', { status: 503 }));
    };
    const source = new CachedModelSource(BASE, {
      store: new MemoryByteStore(),
      fetch: failing,
      attempts: 3,
      backoff: { delay: async (ms) => void waits.push(ms), random: () => 0 },
    });
    const failure = await source.exists('earshot-model.json').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'EARSHOT_ERR_DOWNLOAD' });
    expect((failure as Error).message).toContain(`HTTP 503 from ${BASE}earshot-model.json`);
    expect(manifestCalls).toBe(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('loads the manifest once the server recovers from a 5xx', async () => {
    const server = await fakeModelServer(BASE, FILES);
    let answered503 = false;
    const flaky = (url: string, init?: RequestInit) => {
      if (url.endsWith('earshot-model.json') && !answered503) {
        answered503 = true;
        return Promise.resolve(new Response('busy', { status: 502 }));
      }
      return server.fetch(url, init);
    };
    const source = new CachedModelSource(BASE, {
      store: new MemoryByteStore(),
      fetch: flaky,
      backoff: NO_WAIT,
    });
    expect(await source.exists('earshot-model.json')).toBe(true);
    expect(await source.read('tokenizer.json')).toEqual(FILES['tokenizer.json']);
  });

  it('clear() removes every stored file of the folder', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const store = new MemoryByteStore();
    await store.put('https://other.example/x', new Uint8Array(1));
    const source = new CachedModelSource(BASE, { store, fetch: server.fetch });
    await source.read('tokenizer.json');
    await source.clear();
    expect(await store.keys()).toEqual(['https://other.example/x']);
  });
});

/** `fetch` with `earshot-model.json` answered 404, as a folder without a manifest. */
function withoutManifest(fetch: (url: string, init?: RequestInit) => Promise<Response>) {
  return (url: string, init?: RequestInit) =>
    url.endsWith('earshot-model.json')
      ? Promise.resolve(new Response('', { status: 404 }))
      : fetch(url, init);
}

describe('CachedModelSource without a manifest (e.g. the public Qwen3-ASR release)', () => {
  it('records the SHA-256 of each first download and fetches again a stored file that no longer matches it', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const noManifest = withoutManifest(server.fetch);
    const store = new MemoryByteStore();
    await new CachedModelSource(BASE, { store, fetch: noManifest }).read('encoder.onnx');
    const damaged = FILES['encoder.onnx'].slice();
    damaged[100] = (damaged[100] ?? 0) ^ 1;
    await store.put(`${BASE}encoder.onnx`, damaged);
    server.requests.length = 0;
    const second = new CachedModelSource(BASE, { store, fetch: noManifest });
    expect(await second.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(server.requests).toEqual([`GET ${BASE}encoder.onnx`]);
    expect(second.stats).toMatchObject({ hits: 0, downloads: 1 });
    server.requests.length = 0;
    const third = new CachedModelSource(BASE, { store, fetch: noManifest });
    expect(await third.read('encoder.onnx')).toEqual(FILES['encoder.onnx']);
    expect(server.requests).toEqual([]);
  });

  it('caches files and serves a second load, absent files included, with zero requests', async () => {
    const server = await fakeModelServer(BASE, FILES);
    const noManifest = withoutManifest(server.fetch);
    const store = new MemoryByteStore();
    const first = new CachedModelSource(BASE, { store, fetch: noManifest });
    const folder = await ModelFolder.open(first);
    expect(folder.manifest).toBeNull();
    expect(await first.exists('tokenizer_config.json')).toBe(false);
    expect(await folder.read('tokenizer.json')).toEqual(FILES['tokenizer.json']);

    server.requests.length = 0;
    const offline = (url: string) => Promise.reject(new TypeError(`offline: ${url}`));
    const second = new CachedModelSource(BASE, { store, fetch: offline });
    const again = await ModelFolder.open(second);
    expect(again.manifest).toBeNull();
    expect(await second.exists('tokenizer_config.json')).toBe(false);
    expect(await second.exists('tokenizer.json')).toBe(true);
    expect(await again.read('tokenizer.json')).toEqual(FILES['tokenizer.json']);
  });
});
