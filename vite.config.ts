import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { offlineServiceWorker } from './packages/web/demo/service-worker-plugin.ts';
import { staticFiles } from './packages/web/demo/static-files.ts';

// The demo page (packages/web/demo). COOP/COEP make the page cross-origin isolated, which
// multithreaded WASM in onnxruntime-web needs (without them it silently runs on one thread).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: 'packages/web/demo',
  // Workspace packages resolve to their TypeScript sources ("earshot-source" export condition):
  // the demo, e2e and eval pages run without `npm run build`. Vite's default conditions follow.
  resolve: { conditions: ['earshot-source', ...defaultClientConditions] },
  plugins: [
    // The opt-in offline service worker (`?offline=1` registers it): /earshot-sw.js with the build's precache list.
    offlineServiceWorker(),
    staticFiles({
      // EARSHOT_MODELS_DIR serves another models folder (e.g. a freshly exported model).
      '/models/': process.env.EARSHOT_MODELS_DIR ?? here('./models/'),
      '/fixtures/audio/': here('./packages/testkit/fixtures/audio/'),
      // The conformance suite's speech clips (packages/testkit/clips).
      '/clips/': here('./packages/testkit/clips/'),
      // Qwen3-ASR replicas built by `npm run model:replica` (scripts/replica.sh), for the full-scale page tests.
      '/replicas/':
        process.env.EARSHOT_REPLICA_DIR ??
        join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'earshot/replicas'),
    }),
  ],
  server: { headers: isolation, fs: { allow: [here('./')] } },
  preview: { headers: isolation },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    // Dependencies the Worker and the SDK page import: pre-bundled at start-up, so dev never reloads the page.
    include: ['comlink', 'zod', '@huggingface/tokenizers', 'openai', 'openai/realtime/websocket'],
    entries: ['index.html', 'sdk.html'],
  },
  build: {
    outDir: here('./packages/web/dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: here('./packages/web/demo/index.html'),
        sdk: here('./packages/web/demo/sdk.html'),
      },
    },
  },
});
