/** Sample rate, in Hz, of everything the recognizer sees (Qwen3-ASR's front end). */
export const MODEL_SAMPLE_RATE = 16_000;

/** Rate, in Hz, that `audio/pcm` has when the client names none (OpenAI's default). */
export const DEFAULT_PCM_RATE = 24_000;

/** `audio/pcm` rates Earshot accepts, in Hz (16 and 48 kHz are an Earshot extension). */
export const SUPPORTED_PCM_RATES = [16_000, 24_000, 48_000] as const;

/** Rate, in Hz, of G.711 µ-law (`audio/pcmu`) and A-law (`audio/pcma`) audio. */
export const G711_RATE = 8_000;

/** Shortest buffer, in ms, that `input_audio_buffer.commit` accepts (OpenAI's rule). */
export const MIN_COMMIT_MS = 100;

/** Largest client event, in bytes of JSON text, that a session accepts (OpenAI: 15 MiB). */
export const DEFAULT_MAX_EVENT_BYTES = 15 * 1024 * 1024;

/** Default cap, in seconds, on the audio one input buffer may hold before commit. */
export const DEFAULT_MAX_BUFFER_SECONDS = 15 * 60;

/** Default maximum session length, in seconds (OpenAI: 60 min). */
export const DEFAULT_MAX_SESSION_SECONDS = 60 * 60;
/** Seconds without any client event after which a host ends the session (`idle_timeout`); 0 turns it off. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;

/** Earshot's name for the transcription model when the client names none. */
export const DEFAULT_MODEL_NAME = 'earshot-embedded';

/** Latency/accuracy settings of streaming transcription (OpenAI's `transcription.delay`). */
export const TRANSCRIPTION_DELAYS = ['minimal', 'low', 'medium', 'high', 'xhigh'] as const;
/** One of `TRANSCRIPTION_DELAYS`: how long text waits before it is emitted (and may no longer change). */
export type TranscriptionDelay = (typeof TRANSCRIPTION_DELAYS)[number];
