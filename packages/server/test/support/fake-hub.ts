/**
 * TEST ONLY: a Hugging Face-style hub on loopback serving one model folder as repository
 * `<owner>/<repo>`: the tree API (`/api/models/<repo>/tree/<rev>`, with git SHA-1 oids and LFS
 * SHA-256 for files over `lfsBytes`), `resolve/<rev>/<path>` with `Range`, `ETag` and
 * `X-Linked-Etag`/`X-Linked-Size`, plus fault injection: cut a file's first response after N bytes,
 * or corrupt a file's bytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A running fake hub. */
export interface FakeHub {
  readonly endpoint: string;
  /** Requests seen, as `METHOD path range` strings. */
  readonly requests: string[];
  /** Cut the next response for `path` after `bytes` bytes (once). */
  cutAfter(path: string, bytes: number): void;
  /** Serve `path` with one byte flipped until the returned function is called. */
  corrupt(path: string): () => void;
  close(): Promise<void>;
}

interface Entry {
  readonly path: string;
  readonly size: number;
  readonly sha1: string;
  readonly sha256: string;
}

/** Serves `folder` as `repo` at revision `main`. */
export async function startFakeHub(folder: string, repo: string, lfsBytes = 1 << 20): Promise<FakeHub> {
  const entries = new Map<string, Entry>();
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    entries.set(name, {
      path: name,
      size: bytes.length,
      sha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  const requests: string[] = [];
  const cuts = new Map<string, number>();
  const corrupted = new Set<string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    requests.push(`${req.method} ${url.pathname} ${req.headers.range ?? ''}`.trim());
    if (url.pathname === `/api/models/${repo}/tree/main`) {
      const list = [...entries.values()].map((e) => ({
        type: 'file',
        path: e.path,
        size: e.size,
        oid: e.sha1,
        ...(e.size > lfsBytes ? { lfs: { oid: e.sha256, size: e.size, pointerSize: 134 } } : {}),
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    const prefix = `/${repo}/resolve/main/`;
    const entry = url.pathname.startsWith(prefix)
      ? entries.get(decodeURIComponent(url.pathname.slice(prefix.length)))
      : undefined;
    if (entry === undefined) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    let body = readFileSync(join(folder, entry.path));
    if (corrupted.has(entry.path)) {
      body = Buffer.from(body);
      body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
    }
    const headers: Record<string, string> = {
      etag: `"${entry.size > lfsBytes ? entry.sha256 : entry.sha1}"`,
      'accept-ranges': 'bytes',
      ...(entry.size > lfsBytes
        ? { 'x-linked-etag': `"${entry.sha256}"`, 'x-linked-size': String(entry.size) }
        : {}),
    };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    let status = 200;
    if (range !== null) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const part = body.subarray(start);
    headers['content-length'] = String(part.length);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = cuts.get(entry.path);
    if (cut !== undefined) {
      cuts.delete(entry.path);
      res.write(part.subarray(0, cut), () => res.destroy());
      return;
    }
    res.end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    cutAfter: (path, bytes) => cuts.set(path, bytes),
    corrupt: (path) => {
      corrupted.add(path);
      return () => corrupted.delete(path);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
