// Client: the Realtime transcription protocol from the page's side, over any WebSocket-like object.
export {
  type ItemText,
  type RealtimeSocketLike,
  TranscriptionClient,
  type TranscriptionClientOptions,
} from './transcription-client.ts';
