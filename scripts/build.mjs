// `npm run build`: builds the published packages in dependency order — the model package (copies
// models/earshot-tiny-en into it), then @earshot/core, @earshot/web and @earshot/server (tsc:
// ESM + .d.ts in dist/, relative `.ts` specifiers rewritten to `.js`; web also gets its no-bundler
// build in dist/static). `node scripts/build.mjs web`
// builds one package (its dependencies must be built already). The dev flow needs none of this:
// the "earshot-source" export condition points tsc, vitest, vite and tsx at the sources.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function compile(pkg) {
  const dir = join(root, 'packages', pkg);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`tsc failed for packages/${pkg}`);
  // tsc rewrites import specifiers, not `new URL('./x.ts', import.meta.url)` (the engine Worker's entry).
  // Declarations keep the sources' `.ts` specifiers: point them at the emitted `.js` (with its .d.ts).
  for (const file of walk(join(dir, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text
      .replace(
        /new URL\((['"])(\.{1,2}\/[^'"]+)\.ts\1, import\.meta\.url\)/g,
        'new URL($1$2.js$1, import.meta.url)',
      )
      .replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    if (fixed !== text) writeFileSync(file, fixed);
    if (/from\s+['"]\.{1,2}\/[^'"]+\.ts['"]|import\(['"]\.{1,2}\/[^'"]+\.ts['"]\)/.test(fixed))
      throw new Error(`${file}: a .ts specifier survived the build`);
  }
}

const steps = {
  'model-tiny-en': () => {
    const target = join(root, 'packages/model-tiny-en/earshot-tiny-en');
    rmSync(target, { recursive: true, force: true });
    const source = join(root, 'models/earshot-tiny-en');
    if (!existsSync(join(source, 'earshot-model.json')))
      throw new Error(`${source}: the embedded model is missing`);
    cpSync(source, target, {
      recursive: true,
      filter: (path) => !path.split(/[\\/]/).pop()?.startsWith('.'),
    });
  },
  core: () => compile('core'),
  web: () => {
    compile('web');
    // The no-bundler build (dist/static: earshot.js, the Worker, ORT's .wasm, the offline service worker).
    const vite = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '-c',
        'vite.static.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: join(root, 'packages/web'), stdio: 'inherit' },
    );
    if (vite.status !== 0) throw new Error('the static build of packages/web failed');
  },
  server: () => compile('server'),
};

const wanted = process.argv.slice(2);
for (const [name, step] of Object.entries(steps)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = Date.now();
  step();
  // npm packs a workspace's own LICENSE only: each published package gets the repository's.
  cpSync(join(root, 'LICENSE'), join(root, 'packages', name, 'LICENSE'));
  console.log(
    `built ${name === 'model-tiny-en' ? '@earshot/model-tiny-en' : `@earshot/${name}`} (${Date.now() - started} ms)`,
  );
}
