/**
 * Abuse that used to stall or lock the server, each beside a canary session that must not notice:
 * abandoned uploads, a `session.update` of a million items, absurd WAV rates, a huge unknown field
 * name, oversize bodies, malformed model ids. (A huge append against the real model is in
 * `engine/huge-append.test.ts`.)
 */
import { request } from 'node:http';
import { encodeWavPcm16 } from '@earshot/core/audio';
import type { TestClient, WireError, WireEvent } from '@earshot/testkit/conformance';
import { speakTones } from '@earshot/testkit/tones';
import { afterEach, describe, expect, it } from 'vitest';
import { type Body, eventually, jsonOf, metricValue, openClient, scrape } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';
import { configure, transcribeTones } from './support/session.ts';

const T = 10_000;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const post = (body: RequestInit['body'], headers: Record<string, string> = {}) =>
  fetch(`${(server as TestServer).base}/v1/audio/transcriptions`, { method: 'POST', body, headers });

function wavForm(bytes: Uint8Array): FormData {
  const body = new FormData();
  body.append('file', new Blob([bytes], { type: 'audio/wav' }), 'clip.wav');
  body.append('model', 'earshot-test-tones');
  return body;
}

/** A WAV of tone words whose header claims `claimedRate` Hz. */
function wavClaiming(claimedRate: number): Uint8Array {
  const bytes = encodeWavPcm16(speakTones(['alpha', 'bravo'], 16000), 16000);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(24, claimedRate, true); // fmt.nSamplesPerSec
  view.setUint32(28, claimedRate * 2, true); // fmt.nAvgBytesPerSec (mono PCM16)
  return bytes;
}

/** Starts an upload that announces `declared` bytes, sends the first part of the form and stops; `abandon` drops it. */
function startUpload(base: string, declared: number): { abandon(): void } {
  const boundary = 'earshot-abandoned';
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\ncontent-type: audio/wav\r\n\r\n`;
  const req = request(`${base}/v1/audio/transcriptions`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(declared),
    },
  });
  req.on('error', () => {});
  req.write(head);
  req.write(Buffer.alloc(64 * 1024));
  return { abandon: () => req.destroy() };
}

/** Posts a multipart body by hand (`chunks` written in turn, the request left open); resolves to the answer. */
function rawPost(
  base: string,
  headers: Record<string, string>,
  chunks: readonly string[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
  });
}

/** The `error` object of an `error` event. */
const errorOf = (event: WireEvent) => event.error as WireError;

/** A canary session: configured, and transcribing one phrase after the abuse. */
async function canary(): Promise<TestClient> {
  const client = await openClient((server as TestServer).realtimeUrl());
  await configure(client, 'earshot-test-tones');
  return client;
}

describe('abandoned uploads', () => {
  it('release their session slots: with --max-sessions 4, four abandoned uploads leave the server usable', async () => {
    server = await startServer({ limits: { maxSessions: 4 } });
    const uploads = [0, 1, 2, 3].map(() => startUpload((server as TestServer).base, 10_000_000));
    // While they hang, the four slots are held (a fifth client is refused)...
    await eventually(async () => {
      const text = await scrape((server as TestServer).base);
      return metricValue(text, 'earshot_sessions', { kind: 'transcription' }) === 4;
    });
    const refused = await post(wavForm(wavClaiming(16000)));
    expect(refused.status).toBe(429);
    expect((await jsonOf(refused)).error.code).toBe('too_many_sessions');
    // ...and once their clients go away, every slot comes back.
    for (const upload of uploads) upload.abandon();
    await eventually(async () => {
      const text = await scrape((server as TestServer).base);
      return metricValue(text, 'earshot_sessions', { kind: 'transcription' }) === 0;
    });
    const res = await post(wavForm(encodeWavPcm16(speakTones(['delta', 'echo'], 16000), 16000)));
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).text).toBe('delta echo');
    const client = await openClient(server.realtimeUrl());
    expect(await transcribeTones(client, 'alpha bravo')).toBe('alpha bravo');
  });
});

describe('bounded work per client event', () => {
  it('a session.update whose include holds a million items is one invalid_event; the canary goes on', async () => {
    server = await startServer();
    const watcher = await canary();
    const abuser = await openClient(server.realtimeUrl());
    const from = abuser.events.length;
    const include = new Array<string>(1_000_000).fill('x');
    abuser.send({ type: 'session.update', session: { type: 'transcription', include } } as never);
    const error = await abuser.next('error', T, from);
    expect(errorOf(error)).toMatchObject({ code: 'invalid_event', type: 'invalid_request_error' });
    expect(JSON.stringify(error).length).toBeLessThan(2048);
    // 1001 items (past the schema's bound, under the member scan's): one issue, not a thousand.
    const next = abuser.events.length;
    abuser.send({
      type: 'session.update',
      session: { type: 'transcription', include: new Array<string>(1001).fill('x') },
    } as never);
    const tooMany = await abuser.next('error', T, next);
    expect(errorOf(tooMany).param).toBe('session.include');
    expect(await transcribeTones(watcher, 'alpha bravo charlie')).toBe('alpha bravo charlie');
    expect(abuser.closed).toBeNull();
  });

  it("an unknown field's 5 MB name comes back capped in error.param and error.message", async () => {
    server = await startServer();
    const watcher = await canary();
    const abuser = await openClient(server.realtimeUrl());
    const from = abuser.events.length;
    const name = 'n'.repeat(5 * 1024 * 1024);
    abuser.send({ type: 'session.update', session: { type: 'transcription', [name]: 1 } } as never);
    const error = await abuser.next('error', T, from);
    expect(errorOf(error).code).toBe('unknown_parameter');
    expect(errorOf(error).param?.startsWith('session.nnnn')).toBe(true);
    expect(errorOf(error).param?.length ?? 0).toBeLessThanOrEqual(256);
    expect(errorOf(error).message.length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(error).length).toBeLessThan(2048);
    expect(await transcribeTones(watcher, 'delta echo')).toBe('delta echo');
    expect(abuser.closed).toBeNull();
  });
});

describe('WAV uploads at absurd rates', () => {
  it.each([
    [1, '1 Hz: would be resampled x16,000'],
    [7999, 'just under 8 kHz'],
    [400_000, '400 kHz: past the resampler'],
  ])('%i Hz is a 400 invalid_value naming the accepted range (%s)', async (rate) => {
    server = await startServer();
    const res = await post(wavForm(wavClaiming(rate)));
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error).toMatchObject({ code: 'invalid_value', param: 'file' });
    expect(body.error.message).toContain('8 to 192 kHz');
  });

  it('8 kHz and 192 kHz files are read', async () => {
    server = await startServer();
    for (const rate of [8000, 192_000]) {
      const bytes = encodeWavPcm16(speakTones(['alpha', 'bravo'], rate), rate);
      const res = await post(wavForm(bytes));
      expect(res.status).toBe(200);
      expect(((await res.json()) as Body).text).toBe('alpha bravo');
    }
  });
});

describe('REST bodies', () => {
  it('a body announced past the cap is a 413 request_too_large before it is read', async () => {
    server = await startServer({ limits: { maxFileBytes: 1024 * 1024 } });
    const res = await rawPost(server.base, { 'content-length': String(3 * 1024 * 1024) }, ['--x\r\n']);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: 'request_too_large', type: 'invalid_request_error', param: null },
    });
    expect(JSON.parse(res.body).error.message).toContain('larger than the maximum of 2097152 bytes');
  });

  it('a chunked body (no length announced) that grows past the cap is a 413 request_too_large', async () => {
    server = await startServer({ limits: { maxFileBytes: 1024 * 1024 } });
    // Fields none of which is too long, and no file: only the total (3 MiB) is over the 2 MiB cap.
    const chunks = Array.from(
      { length: 48 },
      (_, i) => `--x\r\ncontent-disposition: form-data; name="f${i}"\r\n\r\n${'v'.repeat(60 * 1024)}\r\n`,
    );
    const watcher = await canary();
    const res = await rawPost(server.base, { 'transfer-encoding': 'chunked' }, chunks);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: 'request_too_large', type: 'invalid_request_error', param: null },
    });
    expect(JSON.parse(res.body).error.message).toContain('larger than the maximum of 2097152 bytes');
    expect(await transcribeTones(watcher, 'golf hotel')).toBe('golf hotel');
  });

  it('GET /v1/models/<malformed escape> is a 404 naming the id as sent, not a 500', async () => {
    server = await startServer();
    const res = await fetch(`${server.base}/v1/models/%E0%A4%A`);
    expect(res.status).toBe(404);
    const body = await jsonOf(res);
    expect(body.error.param).toBe('model');
    expect(body.error.message).toContain('%E0%A4%A');
  });
});
