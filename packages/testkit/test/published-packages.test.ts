// The published packages' manifests: every export resolves to its source under the repository's
// "earshot-source" condition and to dist/ (types + import) otherwise; versions and internal ranges
// agree; the published files are dist/ (never src/ or tests). See CHANGELOG.md 0.2.0.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  exports: Record<string, string | Record<string, unknown>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const PUBLISHED = ['core', 'web', 'server'] as const;
const manifest = (dir: string) => read(`packages/${dir}/package.json`) as Manifest;

describe('published packages', () => {
  it.each(PUBLISHED)('@earshot/%s: public, 0.2.0, dist files only', (dir) => {
    const pkg = manifest(dir);
    expect(pkg.private).toBeUndefined();
    expect(pkg.version).toBe('0.2.0');
    expect(pkg.files).toContain('dist');
    expect(pkg.files?.some((f) => f === 'src' || f.startsWith('src/') || f.includes('test'))).toBe(false);
  });

  it.each(PUBLISHED)('@earshot/%s: each export is earshot-source → types → import', (dir) => {
    for (const [subpath, target] of Object.entries(manifest(dir).exports)) {
      if (typeof target === 'string') {
        expect(target.startsWith('./src/'), `${subpath}: ${target}`).toBe(false);
        continue;
      }
      expect(Object.keys(target), subpath).toEqual(['earshot-source', 'types', 'import']);
      const source = target['earshot-source'] as string;
      expect(existsSync(join(ROOT, 'packages', dir, source)), source).toBe(true);
      const base = source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
      expect(target.types).toBe(`${base}.d.ts`);
      expect(target.import).toBe(`${base}.js`);
    }
  });

  it('internal dependencies use ^0.2.0; the unpublished testkit is a development dependency only', () => {
    for (const dir of [...PUBLISHED, 'model-tiny-en']) {
      const pkg = manifest(dir);
      for (const [name, range] of Object.entries(pkg.dependencies ?? {}))
        if (name.startsWith('@earshot/')) expect(range, `${pkg.name} → ${name}`).toBe('^0.2.0');
      expect(pkg.dependencies?.['@earshot/testkit']).toBeUndefined();
    }
    expect(manifest('testkit').private).toBe(true);
    expect((read('e2e/package.json') as Manifest).private).toBe(true);
  });

  it('@earshot/web: importing the socket, client, mic or worker subpath never defines the element', () => {
    const web = manifest('web');
    for (const subpath of ['./socket', './client', './mic', './worker']) {
      const source = (web.exports[subpath] as Record<string, string>)['earshot-source'] as string;
      const text = readFileSync(join(ROOT, 'packages/web', source), 'utf8');
      expect(text, subpath).not.toMatch(/defineTranscriber\(\)|element\//);
    }
  });
});
