/** packages/core must run in Workers, browsers and Node: no Node built-ins, no DOM. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const NODE_BUILTINS =
  /from\s+['"](node:|fs|path|os|crypto|buffer|stream|events|child_process|worker_threads|url|util)['"/]/;
// A global use is a name not preceded by `.` (so `this.require(…)` is not `require(…)`).
const NODE_OR_DOM_GLOBALS =
  /(?<![.\w$])(process\.|Buffer\.|require\(|__dirname|window\.|document\.|navigator\.|localStorage|HTMLElement)/;

describe('packages/core', () => {
  const files = sources(SRC);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(SRC.length + 1), f]))(
    '%s imports no Node built-in and uses no Node/DOM global',
    (_name, file) => {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(NODE_BUILTINS);
      expect(code).not.toMatch(NODE_OR_DOM_GLOBALS);
    },
  );
});

/**
 * Core's folders in layers: a folder imports only from its own layer's folders below it, never up
 * (audio does not import protocol; the engine does not import the session).
 */
const LAYERS: Record<string, number> = {
  constants: 0,
  errors: 0,
  audio: 1,
  streaming: 1,
  protocol: 2,
  client: 3,
  vad: 3,
  model: 3,
  engine: 4,
  session: 5,
};

describe('packages/core layering', () => {
  const folderOf = (path: string) =>
    path
      .slice(SRC.length + 1)
      .split('/')[0]
      ?.replace(/\.d?\.?ts$/, '') ?? '';
  const edges = sources(SRC).flatMap((file) => {
    const from = folderOf(file);
    const code = readFileSync(file, 'utf8');
    return [...code.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => {
      const target = join(file, '..', m[1] ?? '');
      return { file: file.slice(SRC.length + 1), from, to: folderOf(target) };
    });
  });

  it('places every folder in a layer', () => {
    const folders = new Set(edges.flatMap((e) => [e.from, e.to]).filter((f) => f !== 'index'));
    expect([...folders].filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('has no import that runs back up a layer', () => {
    const upward = edges.filter(
      (e) => e.from !== 'index' && e.from !== e.to && (LAYERS[e.to] ?? 99) >= (LAYERS[e.from] ?? -1),
    );
    expect(upward.map((e) => `${e.file} → ${e.to}`)).toEqual([]);
  });
});
