/**
 * Field-by-field schemas of the server events of a GA transcription session, written from the
 * `openai` SDK's types (`openai/resources/realtime/realtime`): the same required fields, types and
 * literals, extra fields allowed (OpenAI adds e.g. `obfuscation`). A type test
 * (test/schemas.test.ts) checks each inferred type is assignable to the SDK's, so the schemas
 * cannot drift from it; where the wire has `null` that the SDK's types lack (the session object,
 * an item's `transcript`), the schema follows the wire. Earshot's own extension event has its
 * schema too.
 */
import { z } from 'zod';

const id = z.string().min(1);
const ms = z.number().int().nonnegative();

const logprob = z.looseObject({ token: z.string(), bytes: z.array(z.number().int()), logprob: z.number() });

const error = z.looseObject({
  message: z.string(),
  type: z.string(),
  code: z.string().nullable().optional(),
  event_id: z.string().nullable().optional(),
  param: z.string().nullable().optional(),
});

const format = z.union([
  z.looseObject({ type: z.literal('audio/pcm'), rate: z.number().int().positive().optional() }),
  z.looseObject({ type: z.literal('audio/pcmu') }),
  z.looseObject({ type: z.literal('audio/pcma') }),
]);

const transcription = z.looseObject({
  model: z.string().optional(),
  language: z.string().nullable().optional(),
  languages: z.array(z.string()).nullable().optional(),
  prompt: z.string().nullable().optional(),
  keywords: z.array(z.string()).nullable().optional(),
  delay: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
});

const turnDetection = z.looseObject({
  type: z.enum(['server_vad', 'semantic_vad']),
  threshold: z.number().optional(),
  prefix_padding_ms: z.number().optional(),
  silence_duration_ms: z.number().optional(),
  idle_timeout_ms: z.number().nullable().optional(),
});

/** A transcription session object (`RealtimeTranscriptionSessionCreateRequest` and the fields servers add). */
export const transcriptionSession = z.looseObject({
  type: z.literal('transcription'),
  audio: z
    .looseObject({
      input: z
        .looseObject({
          format: format.optional(),
          transcription: transcription.nullable().optional(),
          noise_reduction: z.looseObject({}).nullable().optional(),
          turn_detection: turnDetection.nullable().optional(),
        })
        .optional(),
    })
    .optional(),
  include: z.array(z.string()).nullable().optional(),
});

const item = z.looseObject({
  id: z.string().optional(),
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.array(
    z.looseObject({ type: z.string().optional(), transcript: z.string().nullable().optional() }),
  ),
});

const envelope = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), event_id: id, ...shape });

/** Every server event type and its schema. */
export const SERVER_EVENT_SCHEMAS = {
  'session.created': envelope('session.created', { session: transcriptionSession }),
  'session.updated': envelope('session.updated', { session: transcriptionSession }),
  'input_audio_buffer.committed': envelope('input_audio_buffer.committed', {
    item_id: id,
    previous_item_id: z.string().nullable().optional(),
  }),
  'input_audio_buffer.cleared': envelope('input_audio_buffer.cleared', {}),
  'input_audio_buffer.speech_started': envelope('input_audio_buffer.speech_started', {
    audio_start_ms: ms,
    item_id: id,
  }),
  'input_audio_buffer.speech_stopped': envelope('input_audio_buffer.speech_stopped', {
    audio_end_ms: ms,
    item_id: id,
  }),
  'input_audio_buffer.timeout_triggered': envelope('input_audio_buffer.timeout_triggered', {
    audio_start_ms: ms,
    audio_end_ms: ms,
    item_id: id,
  }),
  'conversation.item.added': envelope('conversation.item.added', {
    item,
    previous_item_id: z.string().nullable().optional(),
  }),
  'conversation.item.done': envelope('conversation.item.done', {
    item,
    previous_item_id: z.string().nullable().optional(),
  }),
  'conversation.item.retrieved': envelope('conversation.item.retrieved', { item }),
  'conversation.item.deleted': envelope('conversation.item.deleted', { item_id: id }),
  'conversation.item.input_audio_transcription.delta': envelope(
    'conversation.item.input_audio_transcription.delta',
    {
      item_id: id,
      content_index: z.number().int().nonnegative().optional(),
      delta: z.string().optional(),
      logprobs: z.array(logprob).nullable().optional(),
    },
  ),
  'conversation.item.input_audio_transcription.completed': envelope(
    'conversation.item.input_audio_transcription.completed',
    {
      item_id: id,
      content_index: z.number().int().nonnegative(),
      transcript: z.string(),
      usage: z.union([
        z.looseObject({
          type: z.literal('tokens'),
          input_tokens: z.number(),
          output_tokens: z.number(),
          total_tokens: z.number(),
        }),
        z.looseObject({ type: z.literal('duration'), seconds: z.number().nonnegative() }),
      ]),
      logprobs: z.array(logprob).nullable().optional(),
    },
  ),
  'conversation.item.input_audio_transcription.failed': envelope(
    'conversation.item.input_audio_transcription.failed',
    {
      item_id: id,
      content_index: z.number().int().nonnegative(),
      error: z.looseObject({
        code: z.string().optional(),
        message: z.string().optional(),
        param: z.string().optional(),
        type: z.string().optional(),
      }),
    },
  ),
  error: envelope('error', { error }),
  'earshot.transcription.partial': envelope('earshot.transcription.partial', {
    item_id: id,
    content_index: z.number().int().nonnegative(),
    stable: z.string(),
    tentative: z.string(),
  }),
} as const;

/** The server event types the schemas know. */
export type KnownServerEventType = keyof typeof SERVER_EVENT_SCHEMAS;

/** Why `event` breaks its type's schema (the first issue, with its path), or null when it conforms (unknown types pass). */
export function schemaViolation(event: { type: string }): string | null {
  const schema = (SERVER_EVENT_SCHEMAS as Record<string, z.ZodType>)[event.type];
  if (schema === undefined) return null;
  const result = schema.safeParse(event);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
  return `${event.type}: ${path}: ${issue?.message ?? 'invalid'}`;
}
