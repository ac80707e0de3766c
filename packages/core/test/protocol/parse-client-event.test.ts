import { describe, expect, it } from 'vitest';
import { parseClientEvent } from '../../src/protocol/index.ts';

const parse = (value: unknown, maxBytes = 1024 * 1024) =>
  parseClientEvent(typeof value === 'string' ? value : JSON.stringify(value), { maxBytes });

function errorOf(value: unknown, maxBytes?: number) {
  const result = parse(value, maxBytes);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseClientEvent', () => {
  it('accepts every supported client event', () => {
    for (const event of [
      { type: 'session.update', session: { type: 'transcription' } },
      { type: 'input_audio_buffer.append', audio: '', event_id: 'e1' },
      { type: 'input_audio_buffer.commit' },
      { type: 'input_audio_buffer.clear' },
      { type: 'conversation.item.retrieve', item_id: 'item_1' },
      { type: 'conversation.item.delete', item_id: 'item_1' },
    ]) {
      expect(parse(event)).toEqual({ ok: true, event });
    }
  });

  it('accepts a full GA transcription session object', () => {
    const result = parse({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: 'm', language: 'en', prompt: 'numbers' },
            noise_reduction: { type: 'near_field' },
            turn_detection: {
              type: 'server_vad',
              threshold: 0.5,
              prefix_padding_ms: 300,
              silence_duration_ms: 500,
            },
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['not json', 'invalid_json', null],
    ['[1,2]', 'invalid_event', null],
    ['"text"', 'invalid_event', null],
    [{ event_id: 'x' }, 'missing_required_parameter', 'type'],
    [{ type: 7 }, 'invalid_type', 'type'],
    [{ type: 'transcription_session.update' }, 'invalid_value', 'type'],
    [{ type: 'response.create' }, 'invalid_value', 'type'],
    [{ type: 'input_audio_buffer.append' }, 'missing_required_parameter', 'audio'],
    [{ type: 'input_audio_buffer.append', audio: 12 }, 'invalid_type', 'audio'],
    [{ type: 'input_audio_buffer.commit', extra: 1 }, 'unknown_parameter', 'extra'],
    [{ type: 'session.update' }, 'missing_required_parameter', 'session'],
    [{ type: 'session.update', session: { type: 'realtime' } }, 'invalid_value', 'session.type'],
    [
      { type: 'session.update', session: { type: 'transcription', bogus_field: 1 } },
      'unknown_parameter',
      'session.bogus_field',
    ],
    [
      {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { format: { type: 'audio/wav' } } } },
      },
      'invalid_value',
      'session.audio.input.format.type',
    ],
    [
      {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 1.5 } } } },
      },
      'invalid_type',
      'session.audio.input.format.rate',
    ],
    [
      {
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: { input: { turn_detection: { type: 'server_vad', threshold: 2 } } },
        },
      },
      'integer_above_max_value',
      'session.audio.input.turn_detection.threshold',
    ],
    [
      {
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: { input: { turn_detection: { type: 'server_vad', threshold: -0.5 } } },
        },
      },
      'decimal_below_min_value',
      'session.audio.input.turn_detection.threshold',
    ],
    [
      {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { turn_detection: {} } } },
      },
      'missing_required_parameter',
      'session.audio.input.turn_detection.type',
    ],
    [
      {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { transcription: { language: 'english!' } } } },
      },
      'invalid_value',
      'session.audio.input.transcription.language',
    ],
    [
      { type: 'session.update', session: { type: 'transcription', include: ['nope'] } },
      'invalid_value',
      'session.include[0]',
    ],
    [{ type: 'conversation.item.retrieve', item_id: '' }, 'invalid_value', 'item_id'],
    [{ type: 'input_audio_buffer.clear', event_id: 'x'.repeat(300) }, 'string_above_max_length', 'event_id'],
  ])('rejects %j with %s on %s', (input, code, param) => {
    const error = errorOf(input);
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('echoes the client event_id in the error', () => {
    expect(errorOf({ type: 'nope', event_id: 'evt_42' }).event_id).toBe('evt_42');
    expect(errorOf({ type: 'nope' }).event_id).toBeNull();
  });

  it('rejects an event over the byte limit before parsing it', () => {
    const error = errorOf({ type: 'input_audio_buffer.append', audio: 'A'.repeat(2000) }, 1000);
    expect(error.code).toBe('event_too_large');
  });

  it('counts the limit in UTF-8 bytes, not UTF-16 units', () => {
    const text = JSON.stringify({ type: 'input_audio_buffer.clear', event_id: '€'.repeat(200) });
    expect(parseClientEvent(text, { maxBytes: 400 }).ok).toBe(false);
    expect(parseClientEvent(text, { maxBytes: 1000 }).ok).toBe(true);
  });

  it('never echoes the payload in messages', () => {
    const secret = 'SECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRET';
    expect(errorOf({ type: secret }).message).not.toContain(secret);
    expect(errorOf({ type: 'input_audio_buffer.append', audio: 5, extra: secret }).message).not.toContain(
      secret,
    );
  });
});
