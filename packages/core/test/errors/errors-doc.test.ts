import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.ts';

describe('docs/reference/errors.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../../docs/reference/errors.md'), 'utf8');

  it.each(Object.values(ERROR_CODES).map((e) => [e.code, e]))(
    'lists %s with its type and close code',
    (code, info) => {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(`| ${info.type} |`);
      if ('closeCode' in info) expect(row).toContain(`| ${info.closeCode} |`);
    },
  );
});
