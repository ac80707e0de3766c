/**
 * The OpenAPI 3.1 document of the REST endpoints (`/v1/audio/transcriptions` with its `stream=true`
 * SSE variant, `/v1/models[/{id}]`, `/healthz`, `/readyz`, `/metrics`), served at
 * `GET /openapi.json` without a key. Each error response lists the catalogue codes
 * (`ERROR_CODES`) answered with its status, as the `code` enum of the error body.
 */
import type { ErrorCode } from '@earshot/core/errors';
import { type JsonObject, SCHEMAS, schemaRef } from './openapi-schemas.ts';

/** The path the document is served at. */
export const OPENAPI_PATH = '/openapi.json';

/** The error codes `POST /v1/audio/transcriptions` answers, by HTTP status (null: a plain HTTP error). */
export const TRANSCRIPTION_ERRORS = {
  400: ['invalid_value', 'missing_required_parameter', 'not_supported', 'string_above_max_length'],
  401: ['invalid_api_key'],
  403: ['origin_not_allowed'],
  405: [null],
  413: ['file_too_large', 'request_too_large'],
  429: ['too_many_sessions'],
  500: ['inference_failed', 'server_error'],
  503: [null],
} as const satisfies Record<number, readonly (ErrorCode | null)[]>;

/** The error codes of `GET /v1/models[/{id}]`, by HTTP status. */
const MODEL_ERRORS = {
  401: ['invalid_api_key'],
  403: ['origin_not_allowed'],
  404: [null],
  405: [null],
} as const satisfies Record<number, readonly (ErrorCode | null)[]>;

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is invalid (the message and `param` name the field).',
  401: 'The server has API keys and the Bearer key is missing or wrong.',
  403: 'The browser Origin is not allowed (`--allowed-origins`).',
  404: 'No such model.',
  405: 'Method not allowed (the `allow` header names the one that is).',
  413: 'The file is larger than `--max-file-bytes`.',
  429: 'The server holds `--max-sessions` sessions; retry later or on another replica.',
  500: 'Transcription failed.',
  503: 'The server is shutting down (refused before the body is read); retry on another replica.',
};

const json = (schema: JsonObject): JsonObject => ({ 'application/json': { schema } });

/** The error responses of an operation: OpenAI's error body, its `code` limited to `codes`. */
function errorResponses(errors: Readonly<Record<number, readonly (ErrorCode | null)[]>>): JsonObject {
  const responses: Record<string, JsonObject> = {};
  for (const [status, codes] of Object.entries(errors)) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[Number(status)] ?? 'Error.',
      content: json({
        allOf: [
          schemaRef('Error'),
          {
            type: 'object',
            properties: { error: { type: 'object', properties: { code: { enum: [...codes] } } } },
          },
        ],
      }),
    };
  }
  return responses;
}

const BEARER: readonly JsonObject[] = [{ bearerAuth: [] }, {}];
const OPEN: readonly JsonObject[] = [];

const transcriptionOperation: JsonObject = {
  operationId: 'createTranscription',
  summary: 'Transcribe a WAV file (OpenAI’s file transcription endpoint).',
  security: BEARER,
  requestBody: {
    required: true,
    content: { 'multipart/form-data': { schema: schemaRef('TranscriptionRequest') } },
  },
  responses: {
    200: {
      description:
        'The transcript: JSON (`json`, `verbose_json`), plain text (`text`), or with `stream=true` ' +
        'server-sent events — `data:` frames of `transcript.text.delta` then one `transcript.text.done`; ' +
        'a failure after the stream began is an `event: error` frame with the error body.',
      content: {
        'application/json': {
          schema: { oneOf: [schemaRef('Transcription'), schemaRef('TranscriptionVerbose')] },
        },
        'text/plain': { schema: { type: 'string' } },
        'text/event-stream': {
          schema: { type: 'string', description: 'Server-sent events, one JSON object per `data:` line.' },
          'x-earshot-events': {
            oneOf: [
              schemaRef('TranscriptTextDeltaEvent'),
              schemaRef('TranscriptTextDoneEvent'),
              schemaRef('Error'),
            ],
          },
        },
      },
    },
    ...errorResponses(TRANSCRIPTION_ERRORS),
  },
};

/**
 * An operation of the document: its id, summary, who may call it, its responses by status and,
 * when it has any, its parameters.
 */
function operation(
  operationId: string,
  summary: string,
  security: readonly JsonObject[],
  responses: JsonObject,
  parameters?: readonly JsonObject[],
): JsonObject {
  return { operationId, summary, security, ...(parameters && { parameters }), responses };
}

/** A response of `description` with the JSON body `schema`. */
const jsonResponse = (description: string, schema: JsonObject): JsonObject => ({
  description,
  content: json(schema),
});

const modelId: JsonObject = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** The OpenAPI document of the server's REST endpoints. */
export const OPENAPI_DOCUMENT: JsonObject = {
  openapi: '3.1.0',
  info: {
    title: 'Earshot server REST API',
    version: '0.1.0',
    description:
      'The REST side of `earshot serve`; the Realtime WebSocket (`GET /v1/realtime`) is described in ' +
      'docs/reference/protocol.md. Keys are checked on `/v1/*` only when the server has keys.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  paths: {
    '/v1/audio/transcriptions': { post: transcriptionOperation },
    '/v1/models': {
      get: operation('listModels', 'The served model, in OpenAI’s list shape.', BEARER, {
        200: jsonResponse('The list.', schemaRef('ModelList')),
        ...errorResponses(MODEL_ERRORS),
      }),
    },
    '/v1/models/{id}': {
      get: operation(
        'retrieveModel',
        'One model, when `id` is the served model’s name.',
        BEARER,
        { 200: jsonResponse('The model.', schemaRef('Model')), ...errorResponses(MODEL_ERRORS) },
        [modelId],
      ),
    },
    '/healthz': {
      get: operation('health', 'Liveness; no key needed.', OPEN, {
        200: jsonResponse('Serving.', schemaRef('Health')),
        503: jsonResponse('Shutting down.', schemaRef('Health')),
      }),
    },
    '/readyz': {
      get: operation('readiness', 'Readiness for balancers, with the replica’s load; no key needed.', OPEN, {
        200: jsonResponse('Takes new sessions (`ready`).', schemaRef('Readiness')),
        503: jsonResponse('`full` or `draining`.', schemaRef('Readiness')),
      }),
    },
    '/metrics': {
      get: operation('metrics', 'Prometheus metrics (text exposition format); no key needed.', OPEN, {
        200: { description: 'Metrics.', content: { 'text/plain': { schema: { type: 'string' } } } },
      }),
    },
    [OPENAPI_PATH]: {
      get: operation('openapi', 'This document; no key needed.', OPEN, {
        200: jsonResponse('The OpenAPI 3.1 document.', { type: 'object' }),
      }),
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key of `--api-keys-file` / `EARSHOT_API_KEYS`.',
      },
    },
    schemas: SCHEMAS,
  },
};

/** The document as JSON text (serialised once). */
export const OPENAPI_JSON = JSON.stringify(OPENAPI_DOCUMENT);
