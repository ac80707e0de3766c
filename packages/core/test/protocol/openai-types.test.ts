/**
 * Type-level checks: Earshot's wire types stay assignable to the official `openai` SDK's types,
 * so SDK users get Earshot's events typed correctly. (A type error here fails `npm run typecheck`.)
 */
import type * as OpenAI from 'openai/resources/realtime/realtime';
import { describe, expect, it } from 'vitest';
import type {
  ConversationItemAddedEvent,
  ErrorEvent,
  InputAudioBufferAppendEvent,
  InputAudioBufferCommittedEvent,
  SessionUpdateEvent,
  TranscriptionCompletedEvent,
  TranscriptionDeltaEvent,
} from '../../src/protocol/index.ts';

type Assignable<From, To> = From extends To ? true : false;

describe('protocol types', () => {
  it('server events are assignable to the openai SDK event types', () => {
    const checks: Array<true> = [
      true satisfies Assignable<ErrorEvent, OpenAI.RealtimeErrorEvent>,
      true satisfies Assignable<InputAudioBufferCommittedEvent, OpenAI.InputAudioBufferCommittedEvent>,
      true satisfies Assignable<
        TranscriptionDeltaEvent,
        OpenAI.ConversationItemInputAudioTranscriptionDeltaEvent
      >,
      true satisfies Assignable<
        TranscriptionCompletedEvent,
        OpenAI.ConversationItemInputAudioTranscriptionCompletedEvent
      >,
      // The SDK types `content[].transcript` as `string | undefined`, but the GA wire sends
      // `transcript: null` in item.added/done (docs/reference/protocol.md); Earshot follows the wire.
      true satisfies Assignable<
        Omit<ConversationItemAddedEvent, 'item'>,
        Omit<OpenAI.ConversationItemAdded, 'item'>
      >,
    ];
    expect(checks.every(Boolean)).toBe(true);
  });

  it('accepts the client events the SDK builds', () => {
    type SdkSession = OpenAI.RealtimeTranscriptionSessionCreateRequest;
    const checks: Array<true> = [
      true satisfies Assignable<OpenAI.InputAudioBufferAppendEvent, InputAudioBufferAppendEvent>,
      true satisfies Assignable<Omit<SdkSession, 'audio'>, Omit<SessionUpdateEvent['session'], 'audio'>>,
    ];
    expect(checks.every(Boolean)).toBe(true);
  });
});
