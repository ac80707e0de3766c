// `npm run build:static -w @earshot/web`: the no-bundler build. dist/static/earshot.js registers
// <earshot-transcriber> and exports @earshot/web's API; the engine Worker, its chunks and
// onnxruntime-web's .wasm files sit beside it (relative URLs: the folder can be served from anywhere).
// offline.js (`registerOfflineCache`) and earshot-sw.js, the offline service worker with this
// build's precache list, are there too.
//   <script type="module" src="/static/earshot.js"></script>
//   <earshot-transcriber model="/models/earshot-tiny-en/"></earshot-transcriber>
// The embedded model is copied to dist/static/models/earshot-tiny-en/ (for a page served from the
// repository; the npm package leaves it out: @earshot/model-tiny-en ships it).
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { offlineServiceWorker } from './demo/service-worker-plugin.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('./dist/static');
const MODEL = here('../../models/earshot-tiny-en');

/** Copies the embedded model beside the build, for a page that serves this folder as it is. */
function copyModel(): Plugin {
  return {
    name: 'earshot-copy-model',
    apply: 'build',
    closeBundle() {
      if (existsSync(MODEL)) cpSync(MODEL, `${outDir}/models/earshot-tiny-en`, { recursive: true });
    },
  };
}

const output = {
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  assetFileNames: '[name]-[hash][extname]',
};

export default defineConfig({
  root: here('.'),
  // Relative URLs for the Worker, chunks and wasm: the folder works under any path.
  base: './',
  publicDir: false,
  resolve: { conditions: ['earshot-source', ...defaultClientConditions] },
  plugins: [copyModel(), offlineServiceWorker()],
  worker: { format: 'es', rollupOptions: { output } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // ORT's wasm stays a file beside the Worker (not a data: URL).
    assetsInlineLimit: 0,
    copyPublicDir: false,
    modulePreload: false,
    rollupOptions: {
      input: { earshot: here('./src/index.ts'), offline: here('./src/offline/index.ts') },
      preserveEntrySignatures: 'strict',
      output,
    },
  },
});
