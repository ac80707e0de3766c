import { describe, expect, it } from 'vitest';
import { EarshotWebError, WEB_ERROR_CODES } from '../src/errors.ts';

describe('WEB_ERROR_CODES', () => {
  it('uses the EARSHOT_ERR_ prefix and keeps the code on the error', () => {
    for (const code of Object.keys(WEB_ERROR_CODES)) {
      expect(code).toMatch(/^EARSHOT_ERR_[A-Z_]+$/);
      expect(new EarshotWebError(code, 'm').code).toBe(code);
    }
  });
});
