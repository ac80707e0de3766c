import { describe, expect, it } from 'vitest';
import { micError } from '../../src/mic/mic-capture.ts';

describe('micError', () => {
  it('maps getUserMedia rejections to typed codes', () => {
    const code = (name: string) => micError(new DOMException('x', name)).code;
    expect(code('NotAllowedError')).toBe('EARSHOT_ERR_MIC_PERMISSION');
    expect(code('SecurityError')).toBe('EARSHOT_ERR_MIC_PERMISSION');
    expect(code('NotFoundError')).toBe('EARSHOT_ERR_MIC_NOT_FOUND');
    expect(code('OverconstrainedError')).toBe('EARSHOT_ERR_MIC_NOT_FOUND');
    expect(code('NotReadableError')).toBe('EARSHOT_ERR_MIC_BUSY');
    expect(code('TypeError')).toBe('EARSHOT_ERR_MIC_UNSUPPORTED');
  });
});
