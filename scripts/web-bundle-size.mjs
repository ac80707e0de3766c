// Reports the size of @earshot/web's page entry (element + socket + engine client + mic), minified
// and gzipped, without onnxruntime-web and the model (they live in the engine Worker's chunks).
//   node scripts/web-bundle-size.mjs
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, defaultClientConditions } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  configFile: false,
  root,
  logLevel: 'silent',
  // @earshot/core from its sources (the repository's "earshot-source" export condition): no build needed.
  resolve: { conditions: ['earshot-source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    write: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'packages/web/src/index.ts', formats: ['es'], fileName: 'earshot-web' },
    rollupOptions: { external: [/^onnxruntime-web/] },
  },
});
const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
for (const file of outputs) {
  const bytes = file.type === 'chunk' ? Buffer.from(file.code) : Buffer.from(file.source);
  const role =
    file.type === 'chunk' && file.isEntry
      ? 'page entry: element + socket + engine client + mic'
      : file.fileName.includes('worker')
        ? 'engine Worker: core + tokenizer (ORT loaded on demand)'
        : file.fileName.includes('ort.')
          ? 'onnxruntime-web, loaded by the Worker (lib mode inlines its wasm)'
          : 'runtime';
  console.log(
    `${file.fileName.padEnd(40)} ${kb(bytes.length).padStart(10)} min  ${kb(gzipSync(bytes).length).padStart(9)} gzip  ${role}`,
  );
}
