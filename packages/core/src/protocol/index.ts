// Protocol: the OpenAI Realtime GA transcription events, their runtime validation and errors.
export type {
  ClientEvent,
  ClientEventType,
  ConversationItemDeleteEvent,
  ConversationItemRetrieveEvent,
  InputAudioBufferAppendEvent,
  InputAudioBufferClearEvent,
  InputAudioBufferCommitEvent,
  SessionUpdateEvent,
  TranscriptionSessionUpdate,
} from './client-events.ts';
export {
  CLIENT_EVENT_SCHEMAS,
  CLIENT_EVENT_TYPES,
  MAX_ID_LENGTH,
  MAX_PROMPT_LENGTH,
} from './client-schemas.ts';
export { type IdSource, randomIds, sequentialIds } from './ids.ts';
export { type ParseOptions, type ParseResult, parseClientEvent } from './parse-client-event.ts';
export { checkRealtimeUrl, TRANSCRIPTION_INTENT, type UrlRefusal } from './realtime-url.ts';
export type * from './server-events.ts';
export type * from './session-object.ts';
