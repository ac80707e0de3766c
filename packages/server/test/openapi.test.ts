/**
 * `GET /openapi.json`: served without a key, a parseable OpenAPI 3.1 document listing every REST
 * path, whose `$ref`s resolve, and whose transcription error codes are the catalogue's — each
 * under its catalogue HTTP status, and exactly the codes the endpoint's sources answer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, isErrorCode } from '@earshot/core/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH } from '../src/http/openapi.ts';
import { startServer, type TestServer } from './support/server.ts';

const KEY = 'sk-earshot-openapi-test';
const PATHS = [
  '/v1/audio/transcriptions',
  '/v1/models',
  '/v1/models/{id}',
  '/healthz',
  '/readyz',
  '/metrics',
  OPENAPI_PATH,
];
/** The sources of the transcription endpoint's answers: the router, the endpoint, the multipart reader. */
const ENDPOINT_SOURCES = ['router.ts', 'transcriptions.ts', 'multipart.ts'].map((file) =>
  fileURLToPath(new URL(`../src/http/${file}`, import.meta.url)),
);

type Doc = Record<string, unknown>;

/** `value` as an object (fails the test when it is not one). */
function obj(value: unknown, what: string): Doc {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value), what).toBe(true);
  return value as Doc;
}

/** The `code` enum of an error response (`allOf: [Error, {error: {code: {enum}}}]`). */
function codesOf(response: unknown): (string | null)[] {
  const schema = obj(obj(obj(response, 'response').content, 'content')['application/json'], 'json').schema;
  const parts = obj(schema, 'schema').allOf as unknown[];
  const narrowed = obj(parts[1], 'allOf[1]');
  const error = obj(obj(narrowed.properties, 'properties').error, 'error');
  return obj(obj(error.properties, 'error.properties').code, 'code').enum as (string | null)[];
}

/** Every `$ref` string in `value`. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refs(inner),
  );
}

/** Catalogue codes passed as literals where the endpoint's sources answer an error. */
function codesInSources(): Set<string> {
  const found = new Set<string>();
  const pattern = /(?:new EarshotError\(|sendError\(\s*res,|errorBody\()\s*'([a-z_]+)'/g;
  for (const file of ENDPOINT_SOURCES)
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) if (match[1]) found.add(match[1]);
  return found;
}

let server: TestServer;
let doc: Doc;
beforeAll(async () => {
  server = await startServer({ apiKeys: [KEY] });
  const res = await fetch(`${server.base}${OPENAPI_PATH}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = JSON.parse(await res.text()) as Doc;
});
afterAll(() => server.close());

describe('GET /openapi.json', () => {
  it('is served without an API key on a server that has keys, as an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(obj(doc.info, 'info').title).toEqual(expect.any(String));
  });

  it('lists every REST path, with the transcription endpoint as multipart with JSON, text and SSE answers', () => {
    const paths = obj(doc.paths, 'paths');
    expect(Object.keys(paths).sort()).toEqual([...PATHS].sort());
    const post = obj(obj(paths['/v1/audio/transcriptions'], 'path').post, 'post');
    const body = obj(obj(post.requestBody, 'requestBody').content, 'content');
    expect(Object.keys(body)).toEqual(['multipart/form-data']);
    const ok = obj(obj(obj(post.responses, 'responses')['200'], '200').content, 'content');
    expect(Object.keys(ok).sort()).toEqual(['application/json', 'text/event-stream', 'text/plain']);
  });

  it('resolves every $ref to a schema it defines', () => {
    const schemas = obj(obj(doc.components, 'components').schemas, 'schemas');
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.split('/').at(-1) ?? ''], ref).toBeDefined();
    }
  });

  it('lists each transcription error code under its catalogue HTTP status, and every code the endpoint answers', () => {
    const post = obj(obj(obj(doc.paths, 'paths')['/v1/audio/transcriptions'], 'path').post, 'post');
    const responses = obj(post.responses, 'responses');
    const documented = new Set<string>();
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) < 400) continue;
      for (const code of codesOf(response)) {
        if (code === null) continue;
        expect(isErrorCode(code), code).toBe(true);
        if (isErrorCode(code)) expect(ERROR_CODES[code].httpStatus, code).toBe(Number(status));
        documented.add(code);
      }
    }
    expect([...documented].sort()).toEqual([...codesInSources()].sort());
  });

  it('documents the errors the server really answers (missing file, wrong key)', async () => {
    const post = obj(obj(obj(doc.paths, 'paths')['/v1/audio/transcriptions'], 'path').post, 'post');
    const responses = obj(post.responses, 'responses');
    const form = new FormData();
    form.append('model', 'earshot-test-tones');
    const cases = [
      { authorization: `Bearer ${KEY}`, status: 400, code: 'missing_required_parameter' },
      { authorization: 'Bearer sk-wrong', status: 401, code: 'invalid_api_key' },
    ];
    for (const { authorization, status, code } of cases) {
      const res = await fetch(`${server.base}/v1/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization },
        body: form,
      });
      expect(res.status).toBe(status);
      const body = (await res.json()) as {
        error: { code: string; type: string; param: unknown; message: string };
      };
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(body.error.code).toBe(code);
      expect(codesOf(responses[String(status)])).toContain(code);
    }
  });
});
