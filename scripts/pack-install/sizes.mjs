// Prints the sizes a page pays for, from a built folder: the entry script(s), the engine Worker,
// the other chunks (ORT's glue) and ORT's .wasm binaries — bytes and gzip (what a server sends
// with compression on).   node scripts/pack-install/sizes.mjs <label> <folder>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const [label, folder] = process.argv.slice(2);
if (folder === undefined) throw new Error('usage: sizes.mjs <label> <folder>');

/** Every file under `dir`, but not the model (served beside the page, not part of the build). */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'models') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** What a built file is to the page. */
function role(name) {
  if (name.endsWith('.wasm')) return 'wasm';
  if (!name.endsWith('.js')) return null;
  if (/(^|\/)earshot-sw\.js$/.test(name)) return 'service worker';
  if (/(^|\/)worker[-.]/.test(name)) return 'worker';
  if (/(^|\/)(index|earshot)[-.]/.test(name)) return 'entry';
  return 'chunk';
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const MB = (n) => `${(n / 1e6).toFixed(1)} MB`;
for (const path of walk(folder).sort()) {
  const name = relative(folder, path);
  const kind = role(name);
  if (kind === null) continue;
  const bytes = readFileSync(path);
  const size = kind === 'wasm' ? MB(bytes.length) : kB(bytes.length);
  const gzip = kind === 'wasm' ? MB(gzipSync(bytes).length) : kB(gzipSync(bytes).length);
  console.log(`ok: size ${label} ${kind.padEnd(14)} ${name.padEnd(52)} ${size.padStart(9)}  gzip ${gzip}`);
}
