/**
 * Every server limit: its refusal is an OpenAI-shaped error (and a metric), and the other sessions
 * of the same server keep working.
 */
import { encodeWavPcm16 } from '@earshot/core/audio';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_SLACK_BYTES, type ServerLimits } from '../src/limits/limits.ts';
import { jsonOf, metricValue, openClient, openSocket, scrape } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';
import { appendAudio, configure, tones, transcribeSamples, transcribeTones } from './support/session.ts';

const T = 5000;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Client = Awaited<ReturnType<typeof openClient>>;

/** Starts the server under test with `limits` and opens two Realtime sessions on it, one after the other. */
async function twoSessions(limits: Partial<ServerLimits>): Promise<[Client, Client]> {
  server = await startServer({ limits });
  const first = await openClient(server.realtimeUrl());
  return [first, await openClient(server.realtimeUrl())];
}

async function errorsOf(code: string): Promise<number> {
  return metricValue(await scrape((server as TestServer).base), 'earshot_errors_total', { code });
}

describe('max concurrent sessions', () => {
  it('refuses the session past the limit with too_many_sessions then close 4000; the others keep working', async () => {
    server = await startServer({ limits: { maxSessions: 2 } });
    const a = await openClient(server.realtimeUrl());
    const b = await openClient(server.realtimeUrl());
    await a.next('session.created', T);
    await b.next('session.created', T);
    const c = await openClient(server.realtimeUrl());
    const refused = await c.next('error', T);
    expect(refused.error).toMatchObject({ type: 'rate_limit_error', code: 'too_many_sessions' });
    expect(c.ofType('session.created')).toHaveLength(0);
    expect((await c.waitClosed(T)).code).toBe(4000);
    const file = new FormData();
    file.append('file', new Blob([encodeWavPcm16(tones('alpha'), 24000)]), 'a.wav');
    file.append('model', 'earshot-test-tones');
    const rest = await fetch(`${server.base}/v1/audio/transcriptions`, { method: 'POST', body: file });
    expect(rest.status).toBe(429);
    expect((await jsonOf(rest)).error.code).toBe('too_many_sessions');
    expect(await errorsOf('too_many_sessions')).toBe(2);
    expect(await transcribeTones(a, 'alpha bravo')).toBe('alpha bravo');
    b.socket.close(1000);
    await b.waitClosed(T);
    const d = await openClient(server.realtimeUrl());
    expect(await transcribeTones(d, 'charlie delta')).toBe('charlie delta');
  });
});

describe('max buffered seconds', () => {
  it('reports input_audio_buffer_overflow, keeps the audio up to the cap; the other session is unaffected', async () => {
    const [a, b] = await twoSessions({ maxBufferSeconds: 2 });
    await configure(a, 'earshot-test-tones');
    const from = a.events.length;
    appendAudio(a, new Float32Array(24000 * 3), 6);
    const error = await a.next('error', T, from);
    expect(error.error).toMatchObject({ code: 'input_audio_buffer_overflow', param: 'audio' });
    expect(await transcribeTones(b, 'echo foxtrot')).toBe('echo foxtrot');
    a.send({ type: 'input_audio_buffer.commit' });
    const completed = await a.next('conversation.item.input_audio_transcription.completed', T, from);
    expect((completed.usage as { seconds: number }).seconds).toBeCloseTo(2, 1);
    expect(await errorsOf('input_audio_buffer_overflow')).toBeGreaterThanOrEqual(1);
  });
});

describe('max event bytes', () => {
  it('answers an oversized event with event_too_large and goes on; the other session is unaffected', async () => {
    const [a, b] = await twoSessions({ maxEventBytes: 64 * 1024 });
    await configure(a, 'earshot-test-tones');
    const from = a.events.length;
    a.send({ type: 'input_audio_buffer.append', audio: 'A'.repeat(100 * 1024) });
    expect((await a.next('error', T, from)).error).toMatchObject({ code: 'event_too_large' });
    expect(await transcribeTones(b, 'golf hotel')).toBe('golf hotel');
    expect(await transcribeSamples(a, tones('alpha charlie'))).toBe('alpha charlie');
    expect(await errorsOf('event_too_large')).toBe(1);
  });

  it('closes with 1009 on a frame far over the limit, counting it; the other session is unaffected', async () => {
    const [a, b] = await twoSessions({ maxEventBytes: 16 * 1024 });
    await a.next('session.created', T);
    a.send({ type: 'input_audio_buffer.append', audio: 'A'.repeat(16 * 1024 + FRAME_SLACK_BYTES + 1) });
    expect((await a.waitClosed(T)).code).toBe(1009);
    expect(await transcribeTones(b, 'delta echo')).toBe('delta echo');
    expect(await errorsOf('event_too_large')).toBe(1);
  });
});

describe('unprocessed input', () => {
  it('is read with back-pressure past the event size, losing nothing', async () => {
    server = await startServer({ limits: { maxEventBytes: 2048 } });
    const a = await openClient(server.realtimeUrl());
    await configure(a, 'earshot-test-tones');
    const from = a.events.length;
    appendAudio(a, tones('alpha bravo charlie delta echo'), 200);
    a.send({ type: 'input_audio_buffer.commit' });
    const completed = await a.next('conversation.item.input_audio_transcription.completed', T, from);
    expect(completed.transcript).toBe('alpha bravo charlie delta echo');
    expect(a.ofType('error')).toHaveLength(0);
  });
});

describe('idle timeout', () => {
  it('ends an idle session with idle_timeout then close 4000; a busy session is unaffected', async () => {
    const [idle, busy] = await twoSessions({ idleTimeoutSeconds: 1 });
    await configure(busy, 'earshot-test-tones');
    for (let i = 0; i < 100 && idle.closed === null; i++) {
      appendAudio(busy, new Float32Array(2400), 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(idle.ofType('error').map((e) => (e.error as { code: string }).code)).toEqual(['idle_timeout']);
    expect((await idle.waitClosed(T)).code).toBe(4000);
    busy.send({ type: 'input_audio_buffer.clear' });
    expect(await transcribeSamples(busy, tones('bravo golf'))).toBe('bravo golf');
    expect(await errorsOf('idle_timeout')).toBe(1);
  });
});

describe('max session length', () => {
  it('ends the session at expires_at with session_expired then close 4000; new sessions keep working', async () => {
    server = await startServer({ limits: { maxSessionSeconds: 2 } });
    const a = await openClient(server.realtimeUrl());
    const created = await a.next('session.created', T);
    const session = created.session as { expires_at: number };
    expect(session.expires_at).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    const error = await a.next('error', T);
    expect(error.error).toMatchObject({ code: 'session_expired' });
    expect((await a.waitClosed(T)).code).toBe(4000);
    const b = await openClient(server.realtimeUrl());
    expect(await transcribeTones(b, 'hotel alpha')).toBe('hotel alpha');
    expect(await errorsOf('session_expired')).toBeGreaterThanOrEqual(1);
  });
});

describe('back-pressure on a slow reader', () => {
  it('ends a client that stops reading with slow_consumer then close 1008; the other session is unaffected', async () => {
    server = await startServer({ limits: { maxSendBufferBytes: 64 * 1024 }, closeGraceMs: 15_000 });
    const slowSocket = await openSocket(server.realtimeUrl());
    const slow = new (await import('@earshot/testkit/conformance')).TestClient(slowSocket as never);
    const fast = await openClient(server.realtimeUrl());
    await configure(slow, 'earshot-test-tones', { prompt: 'x'.repeat(8000) });
    slowSocket.pause();
    // Each tiny update is answered with the whole session (~8 KB): the server's send buffer grows.
    for (let batch = 0; batch < 40 && (await errorsOf('slow_consumer')) === 0; batch++) {
      for (let i = 0; i < 500; i++) slow.send({ type: 'session.update', session: { type: 'transcription' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await errorsOf('slow_consumer')).toBe(1);
    expect(await transcribeTones(fast, 'charlie hotel')).toBe('charlie hotel');
    slowSocket.resume();
    const closed = await slow.waitClosed(30_000);
    expect(closed.code).toBe(1008);
    expect(slow.events.at(-1)?.error).toMatchObject({ type: 'server_error', code: 'slow_consumer' });
  });
});

describe('max file bytes', () => {
  it('refuses an upload over the limit with 413 file_too_large; a realtime session is unaffected', async () => {
    server = await startServer({ limits: { maxFileBytes: 64 * 1024 } });
    const a = await openClient(server.realtimeUrl());
    const body = new FormData();
    body.append('model', 'earshot-test-tones');
    body.append('file', new Blob([encodeWavPcm16(new Float32Array(100_000), 16000)]), 'big.wav');
    const res = await fetch(`${server.base}/v1/audio/transcriptions`, { method: 'POST', body });
    expect(res.status).toBe(413);
    expect((await jsonOf(res)).error).toMatchObject({ code: 'file_too_large', param: 'file' });
    expect(await transcribeTones(a, 'foxtrot echo')).toBe('foxtrot echo');
    expect(await errorsOf('file_too_large')).toBe(1);
  });
});
