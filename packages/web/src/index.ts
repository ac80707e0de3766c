/**
 * @earshot/web — speech recognition in the page, behind the OpenAI Realtime transcription protocol.
 * Groups:
 * - element: `<earshot-transcriber>` (registered on import)
 * - socket:  `LocalRealtimeSocket` (the WebSocket surface over a MessagePort), `installLocalRealtime()`
 * - worker:  `LocalEngine`, the page's handle on the engine Worker (load, capabilities, sessions)
 * - client:  `TranscriptionClient`, the protocol from the page's side
 * - mic:     AudioWorklet capture → PCM16 frames; audio files → PCM16 chunks
 * Each group is also a subpath (`@earshot/web/element`, `/socket`, `/worker`, `/client`, `/mic`,
 * `/audio-file`, `/errors`); only this entry and `/element` define the element. The model cache
 * (used inside the Worker) is `@earshot/web/model-cache`; the Worker's entry `/engine-worker`.
 */
import { defineTranscriber } from './element/index.ts';

export * from './audio-file/index.ts';
export * from './client/index.ts';
export * from './constants.ts';
export * from './element/index.ts';
export * from './errors.ts';
export * from './mic/index.ts';
export * from './socket/index.ts';
export * from './worker/index.ts';

defineTranscriber();
