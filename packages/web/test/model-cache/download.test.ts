import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../src/model-cache/byte-store.ts';
import { downloadWithResume, type FetchLike } from '../../src/model-cache/download.ts';

const URL_ = 'https://models.example/tiny/encoder.onnx';
const BODY = Uint8Array.from({ length: 4000 }, (_, i) => i & 0xff);

/** A fetch answering `statuses` in turn (then 200 with BODY), recording each call. */
function scripted(statuses: number[]): { fetch: FetchLike; calls: number } {
  const state = { calls: 0, fetch: (async () => new Response()) as FetchLike };
  state.fetch = async () => {
    const status = statuses[state.calls++];
    if (status === undefined) return new Response(BODY, { status: 200 });
    return new Response('oops', { status });
  };
  return state;
}

/** Backoff options that record each wait instead of sleeping. */
function recordedWaits() {
  const waits: number[] = [];
  return { waits, backoff: { delay: async (ms: number) => void waits.push(ms), random: () => 0.5 } };
}

function download(fetch: FetchLike, backoff: object, attempts = 4) {
  return downloadWithResume(URL_, {
    fetch,
    store: new MemoryByteStore(),
    partialKey: `${URL_}.partial`,
    file: 'encoder.onnx',
    attempts,
    backoff,
  });
}

describe('downloadWithResume', () => {
  it('retries a 5xx with growing waits and succeeds when the server recovers', async () => {
    const server = scripted([503, 502, 500]);
    const { waits, backoff } = recordedWaits();
    expect(await download(server.fetch, backoff)).toEqual(BODY);
    expect(server.calls).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(new Set(waits).size).toBe(3);
  });

  it('gives up after its attempts with EARSHOT_ERR_DOWNLOAD naming the HTTP status and URL', async () => {
    const server = scripted([503, 503, 503]);
    const { waits, backoff } = recordedWaits();
    const failure = await download(server.fetch, backoff, 3).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'EARSHOT_ERR_DOWNLOAD' });
    expect((failure as Error).message).toContain(`HTTP 503 from ${URL_}`);
    expect(server.calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('reports a 404 as EARSHOT_ERR_MODEL_FILE_MISSING at once, without retrying', async () => {
    const server = scripted([404, 404, 404]);
    const { waits, backoff } = recordedWaits();
    await expect(download(server.fetch, backoff)).rejects.toMatchObject({
      code: 'EARSHOT_ERR_MODEL_FILE_MISSING',
    });
    expect([server.calls, waits.length]).toEqual([1, 0]);
  });

  it('fails a 403 at once with EARSHOT_ERR_DOWNLOAD', async () => {
    const server = scripted([403]);
    const { waits, backoff } = recordedWaits();
    await expect(download(server.fetch, backoff)).rejects.toMatchObject({ code: 'EARSHOT_ERR_DOWNLOAD' });
    expect([server.calls, waits.length]).toEqual([1, 0]);
  });

  it('retries network errors after a wait', async () => {
    let calls = 0;
    const flaky: FetchLike = async () => {
      if (calls++ === 0) throw new TypeError('network error');
      return new Response(BODY, { status: 200 });
    };
    const { waits, backoff } = recordedWaits();
    expect(await download(flaky, backoff)).toEqual(BODY);
    expect(waits).toHaveLength(1);
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const server = scripted([503, 503]);
    const pending = downloadWithResume(URL_, {
      fetch: server.fetch,
      store: new MemoryByteStore(),
      partialKey: `${URL_}.partial`,
      file: 'encoder.onnx',
      backoff: { baseDelayMs: 60_000 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'EARSHOT_ERR_MODEL_ABORTED' });
  });
});
