// docs/reference/conformance.md lists every check, under its section, with Earshot's marked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ConformanceTarget, conformanceChecks } from '../src/conformance/index.ts';

const DOC = readFileSync(new URL('../../../docs/reference/conformance.md', import.meta.url), 'utf8');

const clip = { text: 'x', audio: () => new Float32Array(16_000) };
const unreachable = async (): Promise<never> => {
  throw new Error('not connected');
};
const target: ConformanceTarget = {
  connect: unreachable,
  connectWithQuery: unreachable,
  model: 'm',
  clips: { a: clip, b: clip, long: clip },
  timeoutMs: 1,
  quietMs: 1,
  limits: { maxEventBytes: 1, maxBufferSeconds: 1 },
  maxWer: 0.1,
};

describe('conformance.md', () => {
  it('lists every check with its profile, under its section', () => {
    const listed = DOC.slice(DOC.indexOf('## Checks'));
    for (const check of conformanceChecks(target)) {
      const heading = listed.indexOf(`### ${check.group}\n`);
      expect(heading, check.group).toBeGreaterThan(-1);
      const line = `- ${check.title}${check.profile === 'earshot' ? ' *(earshot)*' : ''}\n`;
      expect(listed.indexOf(line, heading), line).toBeGreaterThan(heading);
    }
  });
});
