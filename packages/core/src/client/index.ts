// Client: the client side of the Realtime transcription protocol, over any WebSocket-like object.
export { type ItemTranscript, ItemTranscripts, isSettled } from './item-transcripts.ts';
export {
  type InvalidFrame,
  RealtimeClient,
  type RealtimeClientOptions,
  type ServerEventOf,
  type WaitOptions,
} from './realtime-client.ts';
export { sessionUpdate, type TranscriptionSettings } from './session-update.ts';
export { type RealtimeSocketLike, SOCKET_OPEN, type SocketClose, waitOpen } from './socket-like.ts';
