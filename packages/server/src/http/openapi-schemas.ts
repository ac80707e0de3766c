/**
 * The JSON Schemas (OpenAPI 3.1 `components.schemas`) of the REST bodies the server answers:
 * OpenAI's error body, model objects, transcriptions in each `response_format`, the `stream=true`
 * events, and the `/healthz` and `/readyz` bodies.
 */
import { MAX_PROMPT_LENGTH } from '@earshot/core/protocol';

/** A JSON value, the type of every part of the OpenAPI document. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A `$ref` to a schema of `components.schemas`. */
export const schemaRef = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

const string = (description: string): JsonObject => ({ type: 'string', description });

const usage: JsonObject = {
  type: 'object',
  description: 'Billed audio: its duration in seconds (OpenAI `usage.type: duration`).',
  required: ['type', 'seconds'],
  properties: { type: { const: 'duration' }, seconds: { type: 'number', minimum: 0 } },
};

const model: JsonObject = {
  type: 'object',
  required: ['id', 'object', 'created', 'owned_by'],
  properties: {
    id: string('The model name clients send (`--model-name`, default the folder’s own).'),
    object: { const: 'model' },
    created: { type: 'integer', description: 'Server start time, seconds since the epoch.' },
    owned_by: { const: 'earshot' },
  },
};

/** Every schema of the document, by name. */
export const SCHEMAS: Readonly<Record<string, JsonObject>> = {
  Error: {
    type: 'object',
    description:
      'OpenAI’s error body. `code` is a code of docs/reference/errors.md, or null for plain HTTP errors.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'type', 'param', 'code'],
        properties: {
          message: string('What is wrong, naming the field and the valid options.'),
          type: {
            type: 'string',
            enum: ['invalid_request_error', 'server_error', 'authentication_error', 'rate_limit_error'],
          },
          param: { type: ['string', 'null'], description: 'The offending field, or null.' },
          code: { type: ['string', 'null'], description: 'Stable machine-readable code, or null.' },
        },
      },
    },
  },
  Model: model,
  ModelList: {
    type: 'object',
    required: ['object', 'data'],
    properties: { object: { const: 'list' }, data: { type: 'array', items: schemaRef('Model') } },
  },
  TranscriptionRequest: {
    type: 'object',
    required: ['file', 'model'],
    properties: {
      file: {
        type: 'string',
        contentMediaType: 'audio/wav',
        description: 'A WAV file: PCM 8/16/24/32-bit or float 32/64, any rate, any channel count.',
      },
      model: string('The served model’s name (or an accepted alias, `--model-alias`).'),
      language: string('ISO-639-1 language hint; must be one the model knows.'),
      prompt: { type: 'string', maxLength: MAX_PROMPT_LENGTH, description: 'Context for the model.' },
      response_format: {
        type: 'string',
        enum: ['json', 'text', 'verbose_json'],
        default: 'json',
        description: '`srt`, `vtt` and `diarized_json` are answered `not_supported`.',
      },
      stream: {
        type: 'string',
        enum: ['true', 'false'],
        default: 'false',
        description: '`true`: answer with server-sent events (text/event-stream).',
      },
    },
  },
  Transcription: {
    type: 'object',
    description: '`response_format=json`.',
    required: ['text', 'usage'],
    properties: { text: string('The transcript.'), usage },
  },
  TranscriptionVerbose: {
    type: 'object',
    description: '`response_format=verbose_json`: one segment spanning the file (no timestamps yet).',
    required: ['task', 'language', 'duration', 'text', 'segments', 'usage'],
    properties: {
      task: { const: 'transcribe' },
      language: { type: ['string', 'null'] },
      duration: { type: 'number', description: 'Seconds of audio.' },
      text: string('The transcript.'),
      segments: { type: 'array', items: { type: 'object' } },
      usage,
    },
  },
  TranscriptTextDeltaEvent: {
    type: 'object',
    description: '`stream=true`: a `data:` frame with the next piece of the transcript.',
    required: ['type', 'delta'],
    properties: { type: { const: 'transcript.text.delta' }, delta: { type: 'string' } },
  },
  TranscriptTextDoneEvent: {
    type: 'object',
    description: '`stream=true`: the last `data:` frame; `text` equals the joined deltas.',
    required: ['type', 'text', 'usage'],
    properties: { type: { const: 'transcript.text.done' }, text: { type: 'string' }, usage },
  },
  Health: {
    type: 'object',
    required: ['status', 'replica', 'model', 'sessions', 'max_sessions'],
    properties: {
      status: { type: 'string', enum: ['ok', 'draining'] },
      replica: { type: 'string' },
      model: { type: 'string' },
      sessions: { type: 'integer', minimum: 0 },
      max_sessions: { type: 'integer', minimum: 1 },
    },
  },
  Readiness: {
    type: 'object',
    required: ['status', 'replica', 'model', 'sessions', 'max_sessions', 'queue_depth', 'draining'],
    properties: {
      status: { type: 'string', enum: ['ready', 'full', 'draining'] },
      replica: { type: 'string' },
      model: { type: 'string' },
      sessions: { type: 'integer', minimum: 0 },
      max_sessions: { type: 'integer', minimum: 1 },
      queue_depth: { type: 'integer', minimum: 0 },
      draining: { type: 'boolean' },
    },
  },
};
