import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/protocol/index.ts';

describe('ERROR_CODES', () => {
  it('keys every entry by its own code', () => {
    for (const [key, info] of Object.entries(ERROR_CODES)) expect(info.code).toBe(key);
  });

  it('gives every connection-ending code a close code in the WebSocket application range or 1008', () => {
    for (const info of Object.values(ERROR_CODES)) {
      if ('closeCode' in info) expect([1008, 3000, 4000]).toContain(info.closeCode);
    }
  });
});
