/**
 * The GA transcription session object as Earshot reports it in `session.created` /
 * `session.updated` (the effective configuration, every field present).
 */
import type { AudioFormat } from '../audio/formats.ts';
import type { TranscriptionDelay } from '../constants.ts';

/** Server VAD settings (times in ms; `threshold` in [0, 1], higher = needs louder speech). */
export interface ServerVadConfig {
  type: 'server_vad';
  threshold: number;
  prefix_padding_ms: number;
  silence_duration_ms: number;
  idle_timeout_ms: number | null;
  create_response?: boolean;
  interrupt_response?: boolean;
}

/**
 * Transcription settings; `model` is the served model's name, `language` ISO-639-1 or null
 * (auto). `languages`, `keywords` and `delay` (SDK 7.x) appear once a client sets them.
 */
export interface TranscriptionConfig {
  model: string;
  language: string | null;
  prompt: string | null;
  languages?: string[] | null;
  keywords?: string[] | null;
  delay?: TranscriptionDelay | null;
}

/** Noise reduction settings: accepted and echoed, but Earshot applies no filtering (documented). */
export interface NoiseReductionConfig {
  type?: 'near_field' | 'far_field';
  strength?: number;
}

/** Values `include` accepts: OpenAI's logprobs, and Earshot's opt-in partial event. */
export type IncludeValue = 'item.input_audio_transcription.logprobs' | 'earshot.transcription.partial';

/** The full effective transcription session. */
export interface TranscriptionSession {
  type: 'transcription';
  object: 'realtime.transcription_session';
  id: string;
  /** Unix time, in seconds, at which the session ends. */
  expires_at: number;
  audio: {
    input: {
      format: AudioFormat;
      transcription: TranscriptionConfig | null;
      noise_reduction: NoiseReductionConfig | null;
      turn_detection: ServerVadConfig | null;
    };
  };
  include: IncludeValue[] | null;
}
