/**
 * Client → server events of a GA transcription session. Each interface's `type` is the wire name.
 */
import type { TranscriptionDelay } from '../constants.ts';
import type { IncludeValue } from './session-object.ts';

/** The `session` object of a `session.update`: only present fields change, `null` clears. */
export interface TranscriptionSessionUpdate {
  type: 'transcription';
  audio?: {
    input?: {
      format?: { type: 'audio/pcm'; rate?: number } | { type: 'audio/pcmu' } | { type: 'audio/pcma' };
      transcription?: {
        model?: string | null;
        language?: string | null;
        /** Possible languages (SDK 7.x); replaces `language` (both at once is an error). */
        languages?: string[] | null;
        prompt?: string | null;
        /** Words or phrases to bias recognition toward. */
        keywords?: string[] | null;
        /** Latency/accuracy setting of streaming transcription. */
        delay?: TranscriptionDelay | null;
      } | null;
      noise_reduction?: { type?: 'near_field' | 'far_field'; strength?: number } | null;
      turn_detection?:
        | {
            type: 'server_vad';
            threshold?: number;
            prefix_padding_ms?: number;
            silence_duration_ms?: number;
            idle_timeout_ms?: number | null;
            create_response?: boolean;
            interrupt_response?: boolean;
          }
        | { type: 'semantic_vad'; eagerness?: 'low' | 'medium' | 'high' | 'auto' }
        | null;
    };
  };
  include?: IncludeValue[] | null;
}

/** Updates the session configuration; answered by `session.updated` or `error`. */
export interface SessionUpdateEvent {
  type: 'session.update';
  event_id?: string;
  session: TranscriptionSessionUpdate;
}

/** Appends base64 audio (in the session's format) to the input buffer; no reply on success. */
export interface InputAudioBufferAppendEvent {
  type: 'input_audio_buffer.append';
  event_id?: string;
  audio: string;
}

/** Commits the input buffer as a new item; answered by `input_audio_buffer.committed`. */
export interface InputAudioBufferCommitEvent {
  type: 'input_audio_buffer.commit';
  event_id?: string;
}

/** Discards the input buffer; answered by `input_audio_buffer.cleared`. */
export interface InputAudioBufferClearEvent {
  type: 'input_audio_buffer.clear';
  event_id?: string;
}

/** Asks for an item by id; answered by `conversation.item.retrieved`. */
export interface ConversationItemRetrieveEvent {
  type: 'conversation.item.retrieve';
  event_id?: string;
  item_id: string;
}

/** Deletes an item by id; answered by `conversation.item.deleted`. */
export interface ConversationItemDeleteEvent {
  type: 'conversation.item.delete';
  event_id?: string;
  item_id: string;
}

/** Every client event a transcription session accepts. */
export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | ConversationItemRetrieveEvent
  | ConversationItemDeleteEvent;

/** The wire names of the client events, in the order error messages list them. */
export type ClientEventType = ClientEvent['type'];
