/**
 * @earshot/core — the platform-free core of Earshot. Groups:
 * - errors:    the one error catalogue (code → OpenAI class, HTTP status, close code) and `EarshotError`
 * - protocol:  OpenAI Realtime GA transcription events, runtime validation, Realtime URLs
 * - audio:     base64, PCM16 / G.711 decoding, streaming resampler, 128-bin log-mel, WAV
 * - client:    the client side of the protocol (typed events, `session.update` builder, item transcripts)
 * - streaming: the transcript state of one item (stable prefix, rollback, whitespace, CJK)
 * - session:   `RealtimeSession`, the transport-agnostic session state machine
 * - vad:       speech scorers and the turn segmenter (server VAD)
 * - engine:    the `Recognizer` interface, and the Qwen3-ASR engine on an injected ONNX Runtime
 * - model:     model folders: manifest, prompt config, sources, typed loading errors
 * Subpath exports (`@earshot/core/protocol`, …) give each group alone.
 */

export * from './audio/index.ts';
export * from './client/index.ts';
export * from './constants.ts';
export * from './engine/index.ts';
export * from './errors/index.ts';
export * from './model/index.ts';
export * from './protocol/index.ts';
export * from './session/index.ts';
export * from './streaming/index.ts';
export * from './vad/index.ts';
