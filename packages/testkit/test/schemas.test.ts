// The event schemas against the `openai` SDK's types (compile time: each inferred type must be
// assignable to the SDK's, so a schema cannot accept what the SDK says cannot happen) and against
// events as Earshot and OpenAI send them (run time).
import type {
  ConversationItemAdded,
  ConversationItemInputAudioTranscriptionCompletedEvent,
  ConversationItemInputAudioTranscriptionDeltaEvent,
  ConversationItemInputAudioTranscriptionFailedEvent,
  InputAudioBufferClearedEvent,
  InputAudioBufferCommittedEvent,
  InputAudioBufferSpeechStartedEvent,
  InputAudioBufferSpeechStoppedEvent,
  RealtimeErrorEvent,
  SessionCreatedEvent,
} from 'openai/resources/realtime/realtime';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type SERVER_EVENT_SCHEMAS, schemaViolation } from '../src/conformance/index.ts';

type Of<T extends keyof typeof SERVER_EVENT_SCHEMAS> = z.infer<(typeof SERVER_EVENT_SCHEMAS)[T]>;
/** Compiles only when `A` is assignable to `B` (the type arguments are the test). */
// biome-ignore lint/correctness/noUnusedVariables: A is checked by the compiler through its constraint.
const assignable = <A extends B, B>(): true => true;

describe('server event schemas', () => {
  it('infer types assignable to the openai SDK event types', () => {
    // The session object is checked against the wire, not the SDK's request type: OpenAI sends
    // `transcription: null`, `noise_reduction: null` and `include: null` where that type has no null.
    type Envelope = 'type' | 'event_id';
    expect(assignable<Pick<Of<'session.created'>, Envelope>, Pick<SessionCreatedEvent, Envelope>>()).toBe(
      true,
    );
    expect(assignable<Of<'input_audio_buffer.committed'>, InputAudioBufferCommittedEvent>()).toBe(true);
    expect(assignable<Of<'input_audio_buffer.cleared'>, InputAudioBufferClearedEvent>()).toBe(true);
    expect(assignable<Of<'input_audio_buffer.speech_started'>, InputAudioBufferSpeechStartedEvent>()).toBe(
      true,
    );
    expect(assignable<Of<'input_audio_buffer.speech_stopped'>, InputAudioBufferSpeechStoppedEvent>()).toBe(
      true,
    );
    // Items too: the wire has `transcript: null` until the transcript exists; the SDK type has no null.
    type Added = Envelope | 'previous_item_id';
    expect(assignable<Pick<Of<'conversation.item.added'>, Added>, Pick<ConversationItemAdded, Added>>()).toBe(
      true,
    );
    expect(
      assignable<
        Of<'conversation.item.input_audio_transcription.delta'>,
        ConversationItemInputAudioTranscriptionDeltaEvent
      >(),
    ).toBe(true);
    expect(
      assignable<
        Of<'conversation.item.input_audio_transcription.completed'>,
        ConversationItemInputAudioTranscriptionCompletedEvent
      >(),
    ).toBe(true);
    expect(
      assignable<
        Of<'conversation.item.input_audio_transcription.failed'>,
        ConversationItemInputAudioTranscriptionFailedEvent
      >(),
    ).toBe(true);
    expect(assignable<Of<'error'>, RealtimeErrorEvent>()).toBe(true);
  });

  it('accepts events as OpenAI sends them, extra fields included', () => {
    expect(
      schemaViolation({
        type: 'conversation.item.input_audio_transcription.delta',
        event_id: 'event_1',
        item_id: 'item_1',
        content_index: 0,
        delta: 'Hello',
        obfuscation: 'x1',
      } as { type: string }),
    ).toBeNull();
    expect(schemaViolation({ type: 'rate_limits.updated' })).toBeNull();
  });

  it('names the field and the path of a broken event', () => {
    expect(
      schemaViolation({
        type: 'conversation.item.input_audio_transcription.completed',
        event_id: 'event_1',
        item_id: 'item_1',
        content_index: 0,
        transcript: 'hi',
        usage: { type: 'duration', seconds: -1 },
      } as { type: string }),
    ).toMatch(/completed: usage/);
    expect(
      schemaViolation({
        type: 'input_audio_buffer.speech_started',
        event_id: 'e',
        item_id: 'i',
        audio_start_ms: 1.5,
      } as {
        type: string;
      }),
    ).toMatch(/speech_started: audio_start_ms/);
    expect(
      schemaViolation({ type: 'error', event_id: 'e', error: { type: 'x' } } as { type: string }),
    ).toMatch(/error: error\.message/);
  });
});
