import { describe, expect, it } from 'vitest';
import { closingError, EarshotError, ERROR_CODES, isErrorCode } from '../../src/errors/index.ts';
import { ModelLoadError } from '../../src/model/index.ts';

describe('ERROR_CODES', () => {
  it('keys every entry by its own code', () => {
    for (const [key, info] of Object.entries(ERROR_CODES)) expect(info.code).toBe(key);
  });

  it('gives every connection-ending code a close code in the WebSocket application range, 1008 or 1011', () => {
    for (const info of Object.values(ERROR_CODES)) {
      // 1008 policy violation (slow consumer), 1011 internal error (the page's engine Worker lost).
      if ('closeCode' in info) expect([1008, 1011, 3000, 4000]).toContain(info.closeCode);
    }
  });
});

describe('EarshotError and closingError', () => {
  it('answers from the catalogue: OpenAI class, HTTP status, close code, envelope', () => {
    const error = new EarshotError('invalid_value', "Invalid value for 'rate'.", { param: 'rate' });
    expect(error).toBeInstanceOf(Error);
    expect(error.info.httpStatus).toBe(400);
    expect(error.toDetails('evt_1')).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: "Invalid value for 'rate'.",
      param: 'rate',
      event_id: 'evt_1',
    });
    expect(new ModelLoadError('EARSHOT_ERR_MODEL_GRAPH', 'encoder.onnx', 'bad')).toBeInstanceOf(EarshotError);
  });

  it('closes with the code of the catalogue, or the refusal’s own, and reason type.code', () => {
    expect(closingError('session_expired', 'expired').close).toEqual({
      code: 4000,
      reason: 'invalid_request_error.session_expired',
    });
    expect(closingError('slow_consumer', 'slow').close.code).toBe(1008);
    expect(closingError('not_supported', 'no', 'intent', 4000)).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'not_supported',
        message: 'no',
        param: 'intent',
        event_id: null,
      },
      close: { code: 4000, reason: 'invalid_request_error.not_supported' },
    });
  });

  it('tells catalogue codes from other strings', () => {
    expect(isErrorCode('EARSHOT_ERR_MIC_BUSY')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
