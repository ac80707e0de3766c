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
