import { defineConfig } from 'vite';

// The demo page (packages/web/demo) lands with the web issue; this config is its root.
// COOP/COEP make multithreaded WASM available to onnxruntime-web.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: 'packages/web/demo',
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
