/** Constants of the web package: rates, frame sizes, URLs and names. */

/** Rate, in Hz, of the PCM16 audio the page sends (the protocol's default `audio/pcm` rate). */
export const PROTOCOL_PCM_RATE = 24_000;

/**
 * Rate, in Hz, of the PCM16 audio the microphone sends to the in-page engine: the model's own rate,
 * so the device audio is resampled once, in the page, and the session's resampler passes it through.
 */
export const LOCAL_MIC_RATE = 16_000;

/** Length, in ms, of one `input_audio_buffer.append` frame sent from the microphone. */
export const MIC_FRAME_MS = 40;

/** Length, in ms, of one append when a whole file is sent through the protocol. */
export const FILE_CHUNK_MS = 500;

/** URL (relative to the page) of the embedded model the demo serves. */
export const DEFAULT_MODEL_URL = '/models/earshot-tiny-en/';

/** Name of the Cache API cache that holds model files. */
export const MODEL_CACHE_NAME = 'earshot-models-v1';

/** Origin that `installLocalRealtime()` routes to the in-page engine by default (the SDK turns `https://earshot.local/v1` into it). */
export const LOCAL_REALTIME_ORIGIN = 'wss://earshot.local';

/** WebSocket close code a browser reports when a connection fails before or without a close frame. */
export const CLOSE_ABNORMAL = 1006;

/** WebSocket close code for a normal close. */
export const CLOSE_NORMAL = 1000;

/** WebSocket close code sent to sessions when the engine unloads (going away). */
export const CLOSE_GOING_AWAY = 1001;

/** Longest WebSocket close reason, in UTF-8 bytes. */
export const MAX_CLOSE_REASON_BYTES = 123;
