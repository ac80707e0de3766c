// What packages/web/README.md tells a Vite user: keep @earshot/web and onnxruntime-web out of
// dependency pre-bundling (each must stay beside its Worker and .wasm), and build ES module Workers.
export default {
  optimizeDeps: { exclude: ['@earshot/web', 'onnxruntime-web'] },
  worker: { format: 'es' },
};
