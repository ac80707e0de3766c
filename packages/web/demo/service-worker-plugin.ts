/**
 * A vite plugin that builds the offline service worker (`src/offline/service-worker.ts`) into one
 * script at `/earshot-sw.js` (the site's base, so its default scope covers the page):
 *
 * - build: bundled alone by a nested vite build (one script, no imports: it can be registered as a
 *   classic or a module worker, and shares no chunk with the page), then prefixed with
 *   `self.__EARSHOT_PRECACHE__ = {version, urls}`: every file of the build except source maps and
 *   the WebGPU build's WASM binaries (`.asyncify`/`.jsep`/`.jspi`, ~27 MB each: cached on first use
 *   instead), plus `./` for the page; `version` is a SHA-256 of their contents, so a new build gets
 *   a new cache and the old one is deleted on activation.
 * - dev (`vite`): the same file through vite's transform pipeline (a module script with imports,
 *   no precache list: files are cached as they are fetched).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rollup, type ViteDevServer } from 'vite';
import { PRECACHE_GLOBAL, type PrecacheManifest, SERVICE_WORKER_FILE } from '../src/offline/protocol.ts';

const source = fileURLToPath(new URL('../src/offline/service-worker.ts', import.meta.url));

/** Build files not precached: source maps, and ORT's WebGPU-only binaries (cached when first fetched). */
function precached(fileName: string): boolean {
  if (fileName === SERVICE_WORKER_FILE || fileName.endsWith('.map')) return false;
  return !/ort-wasm-simd-threaded\.(asyncify|jsep|jspi)[^/]*\.wasm$/.test(fileName);
}

export function offlineServiceWorker(): Plugin {
  let base = '/';
  return {
    name: 'earshot-offline-service-worker',
    apply: () => true,
    configResolved(config) {
      base = config.base;
    },
    configureServer(server: ViteDevServer) {
      server.middlewares.use(async (req, res, next) => {
        if (req.url?.split('?')[0] !== `${base}${SERVICE_WORKER_FILE}`) return next();
        try {
          const result = await server.transformRequest(`/@fs${source}`);
          res.setHeader('Content-Type', 'text/javascript');
          res.setHeader('Cache-Control', 'no-cache');
          res.end(result?.code ?? '');
        } catch (error) {
          next(error);
        }
      });
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        if (bundle[SERVICE_WORKER_FILE] !== undefined) return;
        const files = Object.keys(bundle).filter(precached).sort();
        const hash = createHash('sha256');
        for (const name of files) {
          const item = bundle[name];
          if (item === undefined) continue;
          hash.update(name);
          hash.update(item.type === 'chunk' ? item.code : item.source);
        }
        const manifest: PrecacheManifest = {
          version: hash.digest('hex').slice(0, 12),
          urls: ['./', ...files.map((name) => `./${name}`)],
        };
        const code = await bundleServiceWorker();
        this.emitFile({
          type: 'asset',
          fileName: SERVICE_WORKER_FILE,
          source: `self.${PRECACHE_GLOBAL} = ${JSON.stringify(manifest)};\n${code}`,
        });
      },
    },
  };
}

/** The service worker as one ES script (a separate, in-memory vite build of its entry). */
async function bundleServiceWorker(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry: source, formats: ['es'], fileName: 'sw' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk')
    throw new Error('the service worker build gave no script');
  return chunk.code;
}
