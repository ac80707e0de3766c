/**
 * `sessionUpdate(settings)`: a typed `session.update` from flat, camel-cased settings — only the
 * fields given are sent (absent fields keep their value on the server; `null` clears).
 */
import type { AudioFormat } from '../audio/formats.ts';
import type { TranscriptionDelay } from '../constants.ts';
import type { SessionUpdateEvent, TranscriptionSessionUpdate } from '../protocol/client-events.ts';
import type { IncludeValue } from '../protocol/session-object.ts';

type InputUpdate = NonNullable<NonNullable<TranscriptionSessionUpdate['audio']>['input']>;
type TranscriptionUpdate = NonNullable<InputUpdate['transcription']>;

/** What a transcription client can set; every field optional. */
export interface TranscriptionSettings {
  readonly format?: AudioFormat;
  /** Transcription model; `null` turns transcription off. */
  readonly model?: string | null;
  readonly language?: string | null;
  /** Possible languages (SDK 7.x; replaces `language`). */
  readonly languages?: readonly string[] | null;
  readonly prompt?: string | null;
  readonly keywords?: readonly string[] | null;
  readonly delay?: TranscriptionDelay | null;
  /** `server_vad` with defaults, a full server-VAD object, or `null` for manual commits. */
  readonly turnDetection?: 'server_vad' | InputUpdate['turn_detection'];
  readonly noiseReduction?: InputUpdate['noise_reduction'];
  readonly include?: readonly IncludeValue[] | null;
  /** Client `event_id` of the update (echoed in an `error` about it). */
  readonly eventId?: string;
}

/** The `session.update` for `settings`. */
export function sessionUpdate(settings: TranscriptionSettings): SessionUpdateEvent {
  const transcription: TranscriptionUpdate = {};
  if (settings.model !== undefined) transcription.model = settings.model;
  if (settings.language !== undefined) transcription.language = settings.language;
  if (settings.languages !== undefined)
    transcription.languages = settings.languages === null ? null : [...settings.languages];
  if (settings.prompt !== undefined) transcription.prompt = settings.prompt;
  if (settings.keywords !== undefined)
    transcription.keywords = settings.keywords === null ? null : [...settings.keywords];
  if (settings.delay !== undefined) transcription.delay = settings.delay;
  const input: InputUpdate = {};
  if (settings.format !== undefined) input.format = { ...settings.format };
  // `model: null` turns transcription off: the whole transcription object is null.
  if (settings.model === null) input.transcription = null;
  else if (Object.keys(transcription).length > 0) input.transcription = transcription;
  if (settings.turnDetection !== undefined)
    input.turn_detection =
      settings.turnDetection === 'server_vad' ? { type: 'server_vad' } : settings.turnDetection;
  if (settings.noiseReduction !== undefined) input.noise_reduction = settings.noiseReduction;
  const session: TranscriptionSessionUpdate = { type: 'transcription' };
  if (Object.keys(input).length > 0) session.audio = { input };
  if (settings.include !== undefined)
    session.include = settings.include === null ? null : [...settings.include];
  return {
    type: 'session.update',
    ...(settings.eventId === undefined ? {} : { event_id: settings.eventId }),
    session,
  };
}
