// packages/web/custom-elements.json (the Custom Elements Manifest, hand-written) against the element:
// its attributes, events, parts and CSS custom properties.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TRANSCRIBER_TEMPLATE } from '../../src/element/template.ts';
import { fakeDomGlobals } from '../support/fake-dom.ts';

interface Named {
  readonly name: string;
}
interface Declaration {
  readonly tagName: string;
  readonly attributes: readonly Named[];
  readonly events: readonly Named[];
  readonly cssParts: readonly Named[];
  readonly cssProperties: readonly Named[];
  readonly members: readonly Named[];
}

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const manifest = JSON.parse(read('../../custom-elements.json')) as {
  modules: { path: string; declarations: Declaration[] }[];
};
const element = manifest.modules
  .flatMap((m) => m.declarations)
  .find((d) => d.tagName === 'earshot-transcriber');
const source = read('../../src/element/earshot-transcriber.ts');
const names = (list: readonly Named[] | undefined) => (list ?? []).map((x) => x.name).sort();

beforeEach(() => {
  for (const [name, value] of Object.entries(fakeDomGlobals())) vi.stubGlobal(name, value);
});

describe('custom-elements.json', () => {
  it('is referenced by package.json and names modules the build emits', () => {
    const pkg = JSON.parse(read('../../package.json')) as { customElements: string; files: string[] };
    expect(pkg.customElements).toBe('custom-elements.json');
    expect(pkg.files).toContain('custom-elements.json');
    for (const module of manifest.modules) expect(module.path).toMatch(/^dist\/element\/[a-z-]+\.js$/);
    expect(element).toBeDefined();
  });

  it('lists the observed attributes, and the attributes the element reads', async () => {
    const { EarshotTranscriber } = await import('../../src/element/earshot-transcriber.ts');
    const read = [...source.matchAll(/getAttribute\('([a-z-]+)'\)/g)].map((m) => m[1] as string);
    expect(names(element?.attributes)).toEqual(
      [...new Set([...EarshotTranscriber.observedAttributes, ...read])].sort(),
    );
  });

  it('lists every event the element dispatches (TRANSCRIBER_EVENTS)', async () => {
    const { TRANSCRIBER_EVENTS } = await import('../../src/element/earshot-transcriber.ts');
    const dispatched = [...source.matchAll(/this\.dispatch\('([a-z-]+)'/g)].map((m) => m[1] as string);
    expect(names(element?.events)).toEqual([...TRANSCRIBER_EVENTS].sort());
    expect([...new Set(dispatched)].sort()).toEqual([...TRANSCRIBER_EVENTS].sort());
  });

  it('lists the shadow parts and CSS custom properties of the template', () => {
    const parts = [...TRANSCRIBER_TEMPLATE.matchAll(/part="([a-z-]+)"/g)].map((m) => m[1] as string);
    const properties = [...TRANSCRIBER_TEMPLATE.matchAll(/var\((--earshot-[a-z-]+)/g)].map(
      (m) => m[1] as string,
    );
    expect(names(element?.cssParts)).toEqual([...new Set(parts)].sort());
    expect(names(element?.cssProperties)).toEqual([...new Set(properties)].sort());
  });

  it('lists the public members of the class', async () => {
    const { EarshotTranscriber } = await import('../../src/element/earshot-transcriber.ts');
    const own = Object.getOwnPropertyNames(EarshotTranscriber.prototype).filter(
      (name) =>
        name !== 'constructor' &&
        !name.endsWith('Callback') &&
        !['addEventListener', 'removeEventListener'].includes(name) &&
        new RegExp(`^  (?:async |get |set )?${name}\\(`, 'm').test(source),
    );
    expect(names(element?.members)).toEqual([...new Set(own)].sort());
  });
});
