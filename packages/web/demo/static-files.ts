/**
 * A vite plugin that serves the embedded model (`/models/…`) and the audio fixtures
 * (`/fixtures/audio/…`) from the repository, in dev and in preview, with Range support
 * (resumable downloads) and the headers a cross-origin-isolated page needs.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** URL prefix → folder. */
export type StaticMounts = Readonly<Record<string, string>>;

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.data': 'application/octet-stream',
};

/** Serves each mount's folder under its prefix. */
export function staticFiles(mounts: StaticMounts): Plugin {
  const handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const root = resolve(folder);
      const file = resolve(root, decodeURIComponent(url.pathname.slice(prefix.length)));
      if (!file.startsWith(root + sep)) break;
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) break;
        size = stat.size;
      } catch {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.setHeader('Cache-Control', 'no-cache');
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      let start = 0;
      let end = size - 1;
      if (range) {
        start = Number(range[1]);
        end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        if (start >= size) {
          res.statusCode = 416;
          res.setHeader('Content-Range', `bytes */${size}`);
          res.end();
          return;
        }
        res.statusCode = 206;
        res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
      }
      res.setHeader('Content-Length', String(end - start + 1));
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    next();
  };
  return {
    name: 'earshot-static-files',
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
