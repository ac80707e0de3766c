/**
 * TEST ONLY: a fake `fetch` serving a model folder from memory, with Range support, request
 * logging, and an optional cut of the connection after N bytes (for resume tests).
 */
import { sha256Hex } from '@earshot/core/model';

/** A fake model server. */
export interface FakeServer {
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** Every request as `METHOD url [range]`. */
  readonly requests: string[];
  /** Cut the next response body after this many bytes (once). */
  cutNextAfter: number | null;
  /** Answer 200 with the whole file even when asked for a Range. */
  ignoreRange: boolean;
}

/** Serves `files` under `base`, with a manifest built from them (or `manifestOverride`). */
export async function fakeModelServer(
  base: string,
  files: Record<string, Uint8Array>,
  manifestOverride?: (manifest: Record<string, unknown>) => Record<string, unknown>,
): Promise<FakeServer> {
  const entries = await Promise.all(
    Object.entries(files).map(async ([path, bytes]) => ({
      path,
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
    })),
  );
  let manifest: Record<string, unknown> = {
    format_version: 1,
    name: 'fake-model',
    license: 'Apache-2.0',
    files: entries,
  };
  if (manifestOverride) manifest = manifestOverride(manifest);
  const all: Record<string, Uint8Array> = {
    ...files,
    'earshot-model.json': new TextEncoder().encode(JSON.stringify(manifest)),
  };
  const server: FakeServer = {
    requests: [],
    cutNextAfter: null,
    ignoreRange: false,
    fetch: async (url, init = {}) => {
      const headers = new Headers(init.headers);
      const range = headers.get('range');
      server.requests.push(`${init.method ?? 'GET'} ${url}${range ? ` ${range}` : ''}`);
      const path = url.startsWith(base) ? url.slice(base.length) : '';
      const bytes = all[path];
      if (bytes === undefined) return new Response('not found', { status: 404 });
      if (init.method === 'HEAD') return new Response(null, { status: 200 });
      let start = 0;
      let status = 200;
      const responseHeaders = new Headers();
      const match = range === null || server.ignoreRange ? null : /bytes=(\d+)-/.exec(range);
      if (match) {
        start = Number(match[1]);
        status = 206;
        responseHeaders.set('content-range', `bytes ${start}-${bytes.byteLength - 1}/${bytes.byteLength}`);
      }
      const body = bytes.slice(start);
      responseHeaders.set('content-length', String(body.byteLength));
      const cut = server.cutNextAfter;
      server.cutNextAfter = null;
      let offset = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (cut !== null && offset >= cut) controller.error(new TypeError('network error'));
          else if (offset >= body.byteLength) controller.close();
          else {
            controller.enqueue(body.slice(offset, offset + 1000));
            offset += 1000;
          }
        },
      });
      return new Response(stream, { status, headers: responseHeaders });
    },
  };
  return server;
}
