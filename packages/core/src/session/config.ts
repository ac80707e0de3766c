/**
 * The effective session configuration and `session.update` semantics: only present fields
 * change, `null` clears, and an update that fails any check is discarded whole.
 */

import type { AudioFormat } from '../audio/formats.ts';
import { DEFAULT_PCM_RATE, SUPPORTED_PCM_RATES } from '../constants.ts';
import { EarshotError, quoteName } from '../errors/index.ts';
import type { TranscriptionSessionUpdate } from '../protocol/client-events.ts';
import type {
  ServerVadConfig,
  TranscriptionConfig,
  TranscriptionSession,
} from '../protocol/session-object.ts';

/** Server VAD defaults (OpenAI's documented values; `silence_duration_ms` per the SDK docs). */
export const DEFAULT_SERVER_VAD: ServerVadConfig = {
  type: 'server_vad',
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 500,
  idle_timeout_ms: null,
};

/** What `session.update` checks against: facts about the host and its recognizer. */
export interface ConfigRules {
  /** The served model's name. */
  readonly model: string;
  /** Other model names accepted as aliases of the served model, or `'*'` for any name. */
  readonly acceptModels: readonly string[] | '*';
  /** Languages the model knows (ISO-639-1), or null when it does not say. */
  readonly languages: readonly string[] | null;
  /** OpenAI-strict rates: only 24000 Hz `audio/pcm` (16/48 kHz are an Earshot extension). */
  readonly strictRates: boolean;
}

/** The session object a new session starts with. */
export function initialSession(
  rules: ConfigRules,
  id: string,
  expiresAt: number,
  turnDetection: ServerVadConfig | null,
): TranscriptionSession {
  return {
    type: 'transcription',
    object: 'realtime.transcription_session',
    id,
    expires_at: expiresAt,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: DEFAULT_PCM_RATE },
        transcription: { model: rules.model, language: null, prompt: null },
        noise_reduction: null,
        turn_detection: turnDetection === null ? null : { ...turnDetection },
      },
    },
    include: null,
  };
}

/** Applies `update` to `current`, returning the new session; throws `EarshotError` and changes nothing on failure. */
export function applySessionUpdate(
  current: TranscriptionSession,
  update: TranscriptionSessionUpdate,
  rules: ConfigRules,
): TranscriptionSession {
  const next: TranscriptionSession = structuredCloneSession(current);
  const input = update.audio?.input;
  const target = next.audio.input;
  if (input?.format !== undefined) target.format = checkFormat(input.format, rules);
  if (input?.transcription !== undefined) {
    if (input.transcription === null) target.transcription = null;
    else {
      const base = target.transcription ?? { model: rules.model, language: null, prompt: null };
      const t = input.transcription;
      if (
        t.language !== undefined &&
        t.language !== null &&
        t.languages !== undefined &&
        t.languages !== null
      ) {
        throw new EarshotError(
          'invalid_value',
          "Invalid 'session.audio.input.transcription': 'language' and 'languages' cannot both be set; 'languages' replaces 'language'.",
          { param: 'session.audio.input.transcription.languages' },
        );
      }
      const next: TranscriptionConfig = {
        model: t.model === undefined || t.model === null ? base.model : checkModel(t.model, rules),
        language: t.language === undefined ? base.language : checkLanguage(t.language, rules),
        prompt: t.prompt === undefined ? base.prompt : t.prompt,
      };
      const languages =
        t.languages === undefined
          ? base.languages
          : t.languages === null
            ? null
            : t.languages.map((l, i) => checkLanguage(l, rules, `languages[${i}]`) ?? l);
      // One language field at a time: setting either clears the other.
      if (t.languages !== undefined && t.languages !== null) next.language = null;
      if (t.language !== undefined && t.language !== null) {
        if (languages !== undefined) next.languages = null;
      } else if (languages !== undefined) next.languages = languages;
      const keywords = t.keywords === undefined ? base.keywords : t.keywords;
      if (keywords !== undefined) next.keywords = keywords === null ? null : [...keywords];
      const delay = t.delay === undefined ? base.delay : t.delay;
      if (delay !== undefined) next.delay = delay;
      target.transcription = next;
    }
  }
  if (input?.noise_reduction !== undefined) {
    target.noise_reduction = input.noise_reduction === null ? null : { ...input.noise_reduction };
  }
  if (input?.turn_detection !== undefined) {
    const td = input.turn_detection;
    if (td === null) target.turn_detection = null;
    else if (td.type === 'semantic_vad') {
      throw new EarshotError(
        'not_supported',
        "semantic_vad is not supported by Earshot yet. Use {type: 'server_vad'} or null (manual commit).",
        { param: 'session.audio.input.turn_detection.type' },
      );
    } else {
      const { type: _type, ...fields } = td;
      if (fields.idle_timeout_ms !== undefined && fields.idle_timeout_ms !== null) {
        throw new EarshotError(
          'not_supported',
          'idle_timeout_ms is not supported by Earshot yet; send null or omit it.',
          {
            param: 'session.audio.input.turn_detection.idle_timeout_ms',
          },
        );
      }
      target.turn_detection = {
        ...(target.turn_detection ?? DEFAULT_SERVER_VAD),
        ...fields,
        type: 'server_vad',
      };
    }
  }
  if (update.include !== undefined)
    next.include = update.include === null ? null : [...new Set(update.include)];
  return next;
}

function structuredCloneSession(session: TranscriptionSession): TranscriptionSession {
  return JSON.parse(JSON.stringify(session)) as TranscriptionSession;
}

type FormatUpdate = NonNullable<
  NonNullable<NonNullable<TranscriptionSessionUpdate['audio']>['input']>['format']
>;

function checkFormat(format: FormatUpdate, rules: ConfigRules): AudioFormat {
  if (format.type !== 'audio/pcm') return { type: format.type };
  const rate = format.rate ?? DEFAULT_PCM_RATE;
  const param = 'session.audio.input.format.rate';
  if (rules.strictRates && rate !== DEFAULT_PCM_RATE) {
    const below = rate < DEFAULT_PCM_RATE;
    throw new EarshotError(
      below ? 'integer_below_min_value' : 'integer_above_max_value',
      `Invalid 'session.audio.input.format.rate': ${below ? 'below minimum' : 'above maximum'} value. Expected a value ${below ? '>=' : '<='} ${DEFAULT_PCM_RATE}.`,
      { param },
    );
  }
  if (!(SUPPORTED_PCM_RATES as readonly number[]).includes(rate)) {
    throw new EarshotError(
      'invalid_value',
      `Invalid value for 'session.audio.input.format.rate': ${rate}. Supported values are: ${SUPPORTED_PCM_RATES.join(', ')}.`,
      { param },
    );
  }
  return { type: 'audio/pcm', rate };
}

function checkModel(model: string, rules: ConfigRules): string {
  if (model === rules.model || rules.acceptModels === '*' || rules.acceptModels.includes(model))
    return rules.model;
  const served = [rules.model, ...rules.acceptModels];
  throw new EarshotError(
    'not_supported',
    `Model ${quoteName(model)} is not served here. Supported values are: ${served.map((m) => quoteName(m)).join(', ')}.`,
    { param: 'session.audio.input.transcription.model' },
  );
}

function checkLanguage(language: string | null, rules: ConfigRules, field = 'language'): string | null {
  if (language === null) return null;
  const code = language.toLowerCase();
  if (rules.languages === null || rules.languages.includes(code)) return code;
  throw new EarshotError(
    'invalid_value',
    `Invalid value for 'session.audio.input.transcription.${field}': ${quoteName(language)}. Supported values are: ${rules.languages.map((l) => quoteName(l)).join(', ')}, or null for automatic detection.`,
    { param: `session.audio.input.transcription.${field}` },
  );
}
