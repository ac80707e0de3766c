import { EarshotError, errorInfo } from '@earshot/core/errors';
import { describe, expect, it } from 'vitest';
import { EarshotWebError, errorCodeOf } from '../src/errors.ts';

describe('EarshotWebError', () => {
  it('is an EarshotError whose code is in the one catalogue', () => {
    const error = new EarshotWebError('EARSHOT_ERR_MIC_PERMISSION', 'denied');
    expect(error).toBeInstanceOf(EarshotError);
    expect(errorInfo(error.code).scope).toBe('web');
  });

  it("keeps a server error's code, param and event id; unknown codes become server_error", () => {
    const known = EarshotWebError.fromDetails({
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: 'bad rate',
      param: 'session.audio.input.format.rate',
      event_id: 'evt_7',
    });
    expect([known.code, known.param, known.details?.event_id]).toEqual([
      'invalid_value',
      'session.audio.input.format.rate',
      'evt_7',
    ]);
    const unknown = EarshotWebError.fromDetails({
      type: 'server_error',
      code: 'something_new',
      message: 'm',
      param: null,
      event_id: null,
    });
    expect([unknown.code, unknown.details?.code]).toEqual(['server_error', 'something_new']);
  });

  it('reads the code of a thrown value, with a fallback', () => {
    expect(errorCodeOf({ code: 'EARSHOT_ERR_MODEL_GRAPH' }, 'EARSHOT_ERR_ENGINE')).toBe(
      'EARSHOT_ERR_MODEL_GRAPH',
    );
    expect(errorCodeOf(new Error('x'), 'EARSHOT_ERR_ENGINE')).toBe('EARSHOT_ERR_ENGINE');
  });
});
