import { encodeWavPcm16 } from '@earshot/core/audio';
import { speakTones } from '@earshot/testkit/tones';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Body, jsonOf, metricValue, scrape } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

const MODEL = 'earshot-test-tones';

function wav(words: string[], rate = 44100): Blob {
  return new Blob([encodeWavPcm16(speakTones(words, rate), rate)], { type: 'audio/wav' });
}

function form(fields: Record<string, string>, file: Blob | null = wav(['alpha', 'bravo'])): FormData {
  const body = new FormData();
  if (file !== null) body.append('file', file, 'clip.wav');
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/** Parses an SSE body into its `data:` JSON payloads (with their `event:` names). */
function parseSse(text: string): Array<{ event: string | null; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, data: JSON.parse(data) };
    });
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ processMetrics: true });
});
afterAll(() => server.close());

const post = (body: FormData) => fetch(`${server.base}/v1/audio/transcriptions`, { method: 'POST', body });

describe('GET /healthz, /v1/models, /metrics', () => {
  it('reports health with the model and the session count', async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({ status: 'ok', model: MODEL, sessions: 0 });
  });

  it('lists the served model in OpenAI shape', async () => {
    const list = await jsonOf(await fetch(`${server.base}/v1/models`));
    expect(list).toMatchObject({
      object: 'list',
      data: [{ id: MODEL, object: 'model', owned_by: 'earshot' }],
    });
    expect((await fetch(`${server.base}/v1/models/${MODEL}`)).status).toBe(200);
    const missing = await fetch(`${server.base}/v1/models/whisper-9`);
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).error.type).toBe('invalid_request_error');
  });

  it('exposes every Earshot metric and the process metrics in Prometheus text', async () => {
    const res = await fetch(`${server.base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const name of [
      'earshot_sessions',
      'earshot_sessions_opened_total',
      'earshot_audio_seconds_total',
      'earshot_decode_seconds',
      'earshot_errors_total',
      'earshot_decode_queue_depth',
      'earshot_decode_busy_seconds_total',
      'earshot_max_sessions',
      'earshot_draining',
      'earshot_http_requests_total',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('answers unknown routes with 404 and wrong methods with 405, as OpenAI-shaped errors', async () => {
    const missing = await fetch(`${server.base}/v1/nope`);
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).error.message).toContain('/v1/nope');
    const wrong = await fetch(`${server.base}/v1/audio/transcriptions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('answers CORS preflights', async () => {
    const res = await fetch(`${server.base}/v1/audio/transcriptions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('POST /v1/audio/transcriptions', () => {
  it('answers json with text and duration usage (any WAV rate)', async () => {
    const res = await post(form({ model: MODEL }, wav(['alpha', 'bravo', 'charlie'], 22050)));
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.text).toBe('alpha bravo charlie');
    expect(body.usage.type).toBe('duration');
    expect(body.usage.seconds).toBeGreaterThan(1);
  });

  it('answers text and verbose_json', async () => {
    const text = await post(form({ model: MODEL, response_format: 'text' }));
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('alpha bravo');
    const res = await post(form({ model: MODEL, response_format: 'verbose_json', language: 'en' }));
    const verbose = (await jsonOf(res)) as Body & { duration: number; segments: Array<{ end: number }> };
    expect(verbose).toMatchObject({ task: 'transcribe', language: 'en', text: 'alpha bravo' });
    expect(verbose.segments[0]).toMatchObject({ id: 0, start: 0, text: 'alpha bravo' });
    expect(verbose.duration).toBeCloseTo(verbose.segments[0]?.end ?? 0, 3);
  });

  it('streams transcript.text.delta events then transcript.text.done (stream=true), deltas adding up to the text', async () => {
    const eight = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const words = [...eight, ...eight, ...eight];
    const res = await post(form({ model: MODEL, stream: 'true' }, wav(words, 24000)));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const deltas = events.filter((e) => e.data.type === 'transcript.text.delta');
    const done = events.at(-1)?.data;
    expect(deltas.length).toBeGreaterThan(1);
    expect(done).toMatchObject({ type: 'transcript.text.done', text: words.join(' ') });
    expect(deltas.map((e) => e.data.delta).join('')).toBe(words.join(' '));
    expect(done?.usage).toMatchObject({ type: 'duration' });
  });

  for (const [name, fields, file, status, code, param] of [
    ['a missing file', { model: MODEL }, null, 400, 'missing_required_parameter', 'file'],
    ['a missing model', {}, undefined, 400, 'missing_required_parameter', 'model'],
    ['a model it does not serve', { model: 'whisper-1' }, undefined, 400, 'not_supported', 'model'],
    [
      'srt output',
      { model: MODEL, response_format: 'srt' },
      undefined,
      400,
      'not_supported',
      'response_format',
    ],
    [
      'an unknown format',
      { model: MODEL, response_format: 'xml' },
      undefined,
      400,
      'invalid_value',
      'response_format',
    ],
    [
      'a language the model lacks',
      { model: MODEL, language: 'fr' },
      undefined,
      400,
      'invalid_value',
      'language',
    ],
    ['a file that is not WAV', { model: MODEL }, new Blob(['ID3 not audio']), 400, 'invalid_value', 'file'],
    [
      'audio under 100 ms',
      { model: MODEL },
      new Blob([encodeWavPcm16(new Float32Array(800), 16000)]),
      400,
      'invalid_value',
      'file',
    ],
  ] as const) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const before = metricValue(await scrape(server.base), 'earshot_errors_total', { code });
      const res = await post(form({ ...fields }, file === undefined ? wav(['alpha']) : file));
      expect(res.status).toBe(status);
      const body = await jsonOf(res);
      expect(body.error).toMatchObject({ code, param });
      expect(typeof body.error.message).toBe('string');
      const after = metricValue(await scrape(server.base), 'earshot_errors_total', { code });
      expect(after).toBe(before + 1);
    });
  }

  it('refuses a body that is not multipart', async () => {
    const res = await fetch(`${server.base}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
  });

  it('counts transcribed file audio and releases the session', async () => {
    const text = await scrape(server.base);
    expect(metricValue(text, 'earshot_audio_seconds_total', { kind: 'transcription' })).toBeGreaterThan(0);
    expect(metricValue(text, 'earshot_sessions', { kind: 'transcription' })).toBe(0);
  });
});
