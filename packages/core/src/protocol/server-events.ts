/**
 * Server → client events of a GA transcription session, in OpenAI's wire shape. Each interface's
 * `type` is the wire name; every server event carries its own `event_id` (`event_…`).
 */
import type { ErrorDetails } from '../errors/index.ts';
import type { TranscriptionSession } from './session-object.ts';

export type { ErrorDetails };

/** A user message item as a transcription session reports it. */
export interface TranscriptionItem {
  id: string;
  type: 'message';
  object?: 'realtime.item';
  status: 'completed';
  role: 'user';
  content: Array<{ type: 'input_audio'; transcript: string | null }>;
}

/** Transcription usage: the audio duration of the item, in seconds. */
export interface DurationUsage {
  type: 'duration';
  seconds: number;
}

export interface ErrorEvent {
  type: 'error';
  event_id: string;
  error: ErrorDetails;
}
export interface SessionCreatedEvent {
  type: 'session.created';
  event_id: string;
  session: TranscriptionSession;
}
export interface SessionUpdatedEvent {
  type: 'session.updated';
  event_id: string;
  session: TranscriptionSession;
}
export interface InputAudioBufferSpeechStartedEvent {
  type: 'input_audio_buffer.speech_started';
  event_id: string;
  /** Start of speech, in ms of input audio since the session began (prefix padding included). */
  audio_start_ms: number;
  item_id: string;
}
export interface InputAudioBufferSpeechStoppedEvent {
  type: 'input_audio_buffer.speech_stopped';
  event_id: string;
  /** End of speech, in ms of input audio since the session began. */
  audio_end_ms: number;
  item_id: string;
}
export interface InputAudioBufferCommittedEvent {
  type: 'input_audio_buffer.committed';
  event_id: string;
  item_id: string;
  previous_item_id: string | null;
}
export interface InputAudioBufferClearedEvent {
  type: 'input_audio_buffer.cleared';
  event_id: string;
}
export interface ConversationItemAddedEvent {
  type: 'conversation.item.added';
  event_id: string;
  previous_item_id: string | null;
  item: TranscriptionItem;
}
export interface ConversationItemDoneEvent {
  type: 'conversation.item.done';
  event_id: string;
  previous_item_id: string | null;
  item: TranscriptionItem;
}
export interface ConversationItemRetrievedEvent {
  type: 'conversation.item.retrieved';
  event_id: string;
  item: TranscriptionItem;
}
export interface ConversationItemDeletedEvent {
  type: 'conversation.item.deleted';
  event_id: string;
  item_id: string;
}
export interface TranscriptionDeltaEvent {
  type: 'conversation.item.input_audio_transcription.delta';
  event_id: string;
  item_id: string;
  content_index: number;
  /** New text to append to what earlier deltas of this item carried (leading space included). */
  delta: string;
  /** The delta's tokens with their log-probabilities, when `include` asks for logprobs. */
  logprobs?: LogProb[] | null;
}

/** One token's log-probability (OpenAI's `LogProbProperties`). */
export interface LogProb {
  token: string;
  logprob: number;
  bytes: number[];
}
export interface TranscriptionCompletedEvent {
  type: 'conversation.item.input_audio_transcription.completed';
  event_id: string;
  item_id: string;
  content_index: number;
  /** The final, authoritative transcript of the item. */
  transcript: string;
  usage: DurationUsage;
  /** The transcript's tokens with their log-probabilities, when `include` asks for logprobs. */
  logprobs?: LogProb[] | null;
}
export interface TranscriptionFailedEvent {
  type: 'conversation.item.input_audio_transcription.failed';
  event_id: string;
  item_id: string;
  content_index: number;
  /** As the SDK types it: no `param` (the item, not a field, failed). */
  error: { type: string; code: string; message: string; param?: string };
}
/**
 * Earshot extension (opt-in with `include: ["earshot.transcription.partial"]`): the current
 * stable/tentative split of an item's transcript, for local consumers. Standard clients ignore it.
 */
export interface EarshotTranscriptionPartialEvent {
  type: 'earshot.transcription.partial';
  event_id: string;
  item_id: string;
  content_index: number;
  /** Text that will not change any more (everything emitted as deltas starts it). */
  stable: string;
  /** Text of the current hypothesis after `stable` that may still change. */
  tentative: string;
}

/** Every event a transcription session sends. */
export type ServerEvent =
  | ErrorEvent
  | SessionCreatedEvent
  | SessionUpdatedEvent
  | InputAudioBufferSpeechStartedEvent
  | InputAudioBufferSpeechStoppedEvent
  | InputAudioBufferCommittedEvent
  | InputAudioBufferClearedEvent
  | ConversationItemAddedEvent
  | ConversationItemDoneEvent
  | ConversationItemRetrievedEvent
  | ConversationItemDeletedEvent
  | TranscriptionDeltaEvent
  | TranscriptionCompletedEvent
  | TranscriptionFailedEvent
  | EarshotTranscriptionPartialEvent;

/** The wire names of the server events. */
export type ServerEventType = ServerEvent['type'];

/** A server event before its `event_id` is assigned. */
export type ServerEventBody = ServerEvent extends infer E
  ? E extends ServerEvent
    ? Omit<E, 'event_id'>
    : never
  : never;
