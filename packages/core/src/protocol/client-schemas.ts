/**
 * Runtime schemas (zod) for every client event. Objects are strict: unknown fields are errors,
 * as OpenAI reports them (`unknown_parameter`). Semantic checks that depend on the session
 * (supported rates, the served model) live in the session's config module.
 */
import { z } from 'zod';
import { TRANSCRIPTION_DELAYS } from '../constants.ts';
import type { ClientEventType } from './client-events.ts';

/** Longest accepted client `event_id` / `item_id`, in characters. */
export const MAX_ID_LENGTH = 256;
/** Longest accepted transcription `prompt`, in characters. */
export const MAX_PROMPT_LENGTH = 8192;

const eventId = z.string().max(MAX_ID_LENGTH).optional();
const nonNegativeInt = z.number().int().min(0);

const audioFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('audio/pcm'), rate: z.number().int().positive().optional() }),
  z.strictObject({ type: z.literal('audio/pcmu') }),
  z.strictObject({ type: z.literal('audio/pcma') }),
]);

/** Most entries of `transcription.languages` and `transcription.keywords`. */
export const MAX_LIST_ITEMS = 100;
/** Longest keyword, in characters. */
export const MAX_KEYWORD_LENGTH = 200;

const languageCode = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/);

const transcription = z.strictObject({
  model: z.string().max(MAX_ID_LENGTH).nullable().optional(),
  language: languageCode.nullable().optional(),
  languages: z.array(languageCode).max(MAX_LIST_ITEMS).nullable().optional(),
  prompt: z.string().max(MAX_PROMPT_LENGTH).nullable().optional(),
  keywords: z.array(z.string().min(1).max(MAX_KEYWORD_LENGTH)).max(MAX_LIST_ITEMS).nullable().optional(),
  delay: z.enum(TRANSCRIPTION_DELAYS).nullable().optional(),
});

const noiseReduction = z.strictObject({
  type: z.enum(['near_field', 'far_field']).optional(),
  strength: z.number().min(0).max(1).optional(),
});

const turnDetection = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('server_vad'),
    threshold: z.number().min(0).max(1).optional(),
    prefix_padding_ms: nonNegativeInt.max(10_000).optional(),
    silence_duration_ms: nonNegativeInt.max(10_000).optional(),
    idle_timeout_ms: nonNegativeInt.max(3_600_000).nullable().optional(),
    create_response: z.boolean().optional(),
    interrupt_response: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('semantic_vad'),
    eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
    create_response: z.boolean().optional(),
    interrupt_response: z.boolean().optional(),
  }),
]);

const sessionUpdate = z.strictObject({
  type: z.literal('transcription'),
  audio: z
    .strictObject({
      input: z
        .strictObject({
          format: audioFormat.optional(),
          transcription: transcription.nullable().optional(),
          noise_reduction: noiseReduction.nullable().optional(),
          turn_detection: turnDetection.nullable().optional(),
        })
        .optional(),
    })
    .optional(),
  include: z
    .array(z.enum(['item.input_audio_transcription.logprobs', 'earshot.transcription.partial']))
    .max(MAX_LIST_ITEMS)
    .nullable()
    .optional(),
});

const itemId = z.string().min(1).max(MAX_ID_LENGTH);

/** The schema of each client event, keyed by its wire `type`. */
export const CLIENT_EVENT_SCHEMAS = {
  'session.update': z.strictObject({
    type: z.literal('session.update'),
    event_id: eventId,
    session: sessionUpdate,
  }),
  'input_audio_buffer.append': z.strictObject({
    type: z.literal('input_audio_buffer.append'),
    event_id: eventId,
    audio: z.string(),
  }),
  'input_audio_buffer.commit': z.strictObject({
    type: z.literal('input_audio_buffer.commit'),
    event_id: eventId,
  }),
  'input_audio_buffer.clear': z.strictObject({
    type: z.literal('input_audio_buffer.clear'),
    event_id: eventId,
  }),
  'conversation.item.retrieve': z.strictObject({
    type: z.literal('conversation.item.retrieve'),
    event_id: eventId,
    item_id: itemId,
  }),
  'conversation.item.delete': z.strictObject({
    type: z.literal('conversation.item.delete'),
    event_id: eventId,
    item_id: itemId,
  }),
} as const satisfies Record<ClientEventType, z.ZodType>;

/** The client event types a transcription session accepts. */
export const CLIENT_EVENT_TYPES = Object.keys(CLIENT_EVENT_SCHEMAS) as ClientEventType[];
