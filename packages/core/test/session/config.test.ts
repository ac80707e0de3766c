import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../src/errors/index.ts';
import {
  applySessionUpdate,
  type ConfigRules,
  DEFAULT_SERVER_VAD,
  initialSession,
} from '../../src/session/index.ts';

const rules: ConfigRules = {
  model: 'earshot-embedded',
  acceptModels: ['whisper-1'],
  languages: ['en', 'de'],
  strictRates: false,
};
const base = initialSession(rules, 'sess_1', 1000, DEFAULT_SERVER_VAD);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof EarshotError) return `${error.code}@${error.param}`;
    throw error;
  }
  return undefined;
}

describe('initialSession', () => {
  it('starts with 24 kHz PCM, the served model, automatic language and the given VAD', () => {
    expect(base.audio.input.format).toEqual({ type: 'audio/pcm', rate: 24000 });
    expect(base.audio.input.transcription).toEqual({
      model: 'earshot-embedded',
      language: null,
      prompt: null,
    });
    expect(base.audio.input.turn_detection).toEqual(DEFAULT_SERVER_VAD);
    expect(base.object).toBe('realtime.transcription_session');
  });
});

describe('applySessionUpdate', () => {
  it('changes only present fields and clears fields set to null', () => {
    const a = applySessionUpdate(
      base,
      { type: 'transcription', audio: { input: { transcription: { language: 'de' } } } },
      rules,
    );
    expect(a.audio.input.transcription).toEqual({ model: 'earshot-embedded', language: 'de', prompt: null });
    expect(a.audio.input.turn_detection).toEqual(DEFAULT_SERVER_VAD);
    const b = applySessionUpdate(
      a,
      { type: 'transcription', audio: { input: { turn_detection: null, noise_reduction: null } } },
      rules,
    );
    expect(b.audio.input.turn_detection).toBeNull();
    expect(b.audio.input.transcription?.language).toBe('de');
  });

  it('merges server_vad fields over the current ones', () => {
    const next = applySessionUpdate(
      base,
      { type: 'transcription', audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.7 } } } },
      rules,
    );
    expect(next.audio.input.turn_detection).toEqual({ ...DEFAULT_SERVER_VAD, threshold: 0.7 });
  });

  it('maps accepted model aliases to the served model', () => {
    const next = applySessionUpdate(
      base,
      { type: 'transcription', audio: { input: { transcription: { model: 'whisper-1' } } } },
      rules,
    );
    expect(next.audio.input.transcription?.model).toBe('earshot-embedded');
  });

  it('leaves the session untouched when any part fails', () => {
    const before = JSON.stringify(base);
    expect(
      codeOf(() =>
        applySessionUpdate(
          base,
          {
            type: 'transcription',
            audio: {
              input: { transcription: { language: 'fr' }, format: { type: 'audio/pcm', rate: 16000 } },
            },
          },
          rules,
        ),
      ),
    ).toBe('invalid_value@session.audio.input.transcription.language');
    expect(JSON.stringify(base)).toBe(before);
  });

  it.each([
    [
      { format: { type: 'audio/pcm' as const, rate: 22050 } },
      'invalid_value@session.audio.input.format.rate',
    ],
    [
      { transcription: { model: 'gpt-4o-transcribe' } },
      'not_supported@session.audio.input.transcription.model',
    ],
    [
      { turn_detection: { type: 'semantic_vad' as const } },
      'not_supported@session.audio.input.turn_detection.type',
    ],
    [
      { turn_detection: { type: 'server_vad' as const, idle_timeout_ms: 5000 } },
      'not_supported@session.audio.input.turn_detection.idle_timeout_ms',
    ],
  ])('rejects %j', (input, expected) => {
    expect(codeOf(() => applySessionUpdate(base, { type: 'transcription', audio: { input } }, rules))).toBe(
      expected,
    );
  });

  it('accepts G.711 formats and 16/48 kHz PCM, and only 24 kHz in strict mode', () => {
    for (const format of [
      { type: 'audio/pcmu' as const },
      { type: 'audio/pcma' as const },
      { type: 'audio/pcm' as const, rate: 48000 },
    ]) {
      expect(
        applySessionUpdate(base, { type: 'transcription', audio: { input: { format } } }, rules).audio.input
          .format,
      ).toEqual(format);
    }
    const strict = { ...rules, strictRates: true };
    expect(
      codeOf(() =>
        applySessionUpdate(
          base,
          { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 48000 } } } },
          strict,
        ),
      ),
    ).toBe('integer_above_max_value@session.audio.input.format.rate');
  });

  it('lower-cases languages and accepts any language when the model does not list them', () => {
    const open = { ...rules, languages: null };
    const next = applySessionUpdate(
      base,
      { type: 'transcription', audio: { input: { transcription: { language: 'JA' } } } },
      open,
    );
    expect(next.audio.input.transcription?.language).toBe('ja');
  });
});
