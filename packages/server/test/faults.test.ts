/** Faulty clients: disconnects at bad moments, clients that never read, floods of malformed events, churn. */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeBase64, encodePcm16 } from '@earshot/core/audio';
import { TestClient } from '@earshot/testkit/conformance';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, metricValue, openClient, openSocket, scrape } from './support/clients.ts';
import { maskPayload, rawUpgrade, textFrameHeader } from './support/raw-socket.ts';
import { startServer, type TestServer } from './support/server.ts';
import { configure, tones, transcribeSamples, transcribeTones } from './support/session.ts';

const T = 5000;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function held(): Promise<number> {
  const text = await scrape((server as TestServer).base);
  return metricValue(text, 'earshot_sessions', { kind: 'realtime' });
}

async function released(): Promise<void> {
  await eventually(async () => (server as TestServer).server.realtimeSessions === 0 && (await held()) === 0);
}

describe('a client that disconnects', () => {
  it('mid-decode: the decode is dropped, the session released, the next client served', async () => {
    const recognizer = new ToneRecognizer({ decodeMs: 300 });
    server = await startServer({ recognizer });
    const a = await openClient(server.realtimeUrl());
    await configure(a, recognizer.model);
    const from = a.events.length;
    a.send({
      type: 'input_audio_buffer.append',
      audio: encodeBase64(encodePcm16(tones('alpha bravo charlie'))),
    });
    a.send({ type: 'input_audio_buffer.commit' });
    await a.next('input_audio_buffer.committed', T, from);
    (a.socket as unknown as { terminate(): void }).terminate();
    await released();
    const b = await openClient(server.realtimeUrl());
    expect(await transcribeTones(b, 'delta echo', recognizer.model)).toBe('delta echo');
    await eventually(() => recognizer.stats.inFlight === 0);
  });

  it('mid-append, inside a half-sent frame: the session is released', async () => {
    server = await startServer();
    const socket = await rawUpgrade(server.realtimeUrl());
    await eventually(async () => (await held()) === 1);
    const payload = Buffer.from(
      JSON.stringify({ type: 'input_audio_buffer.append', audio: 'A'.repeat(200_000) }),
    );
    const { header, mask } = textFrameHeader(payload.length);
    socket.write(Buffer.concat([header, maskPayload(payload, mask).subarray(0, 50_000)]));
    socket.destroy();
    await released();
  });

  it('while streaming appends: the session is released and the server keeps serving', async () => {
    server = await startServer();
    const ws = await openSocket(server.realtimeUrl());
    const audio = encodeBase64(encodePcm16(new Float32Array(2400)));
    for (let i = 0; i < 200; i++) ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio }));
    ws.terminate();
    await released();
    const b = await openClient(server.realtimeUrl());
    expect(await transcribeTones(b, 'golf')).toBe('golf');
  });
});

describe('a client that never reads', () => {
  it('is cut once its send buffer passes the cap, and its session released', async () => {
    server = await startServer({ limits: { maxSendBufferBytes: 32 * 1024 }, closeGraceMs: 200 });
    const ws = await openSocket(server.realtimeUrl());
    const client = new TestClient(ws as never);
    await configure(client, 'earshot-test-tones', { prompt: 'y'.repeat(8000) });
    ws.pause();
    for (let batch = 0; batch < 40 && server.server.realtimeSessions > 0; batch++) {
      for (let i = 0; i < 500 && ws.readyState === ws.OPEN; i++) {
        ws.send(JSON.stringify({ type: 'session.update', session: { type: 'transcription' } }));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await released();
    expect(metricValue(await scrape(server.base), 'earshot_errors_total', { code: 'slow_consumer' })).toBe(1);
    ws.terminate();
  });
});

describe('a peer that stops answering pings', () => {
  it('is cut after a missed ping, while a peer that answers keeps its session', async () => {
    server = await startServer({ pingIntervalSeconds: 0.5 });
    const silent = await openSocket(server.realtimeUrl(), [], { autoPong: false });
    const answering = await openClient(server.realtimeUrl());
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    await eventually(() => (server as TestServer).server.realtimeSessions === 1);
    expect(await transcribeTones(answering, 'alpha')).toBe('alpha');
  });
});

describe('1,000 malformed messages', () => {
  it('each get one error while another client transcribes correctly, and the sender still works after', async () => {
    server = await startServer();
    const noisy = await openClient(server.realtimeUrl());
    const quiet = await openClient(server.realtimeUrl());
    await noisy.next('session.created', T);
    const malformed: Array<() => void> = [
      () => noisy.sendRaw('not json'),
      () => noisy.sendRaw('{"type":'),
      () => noisy.sendRaw('[1,2,3]'),
      () => noisy.send({ type: 'nope' }),
      () => noisy.send({ type: 'input_audio_buffer.append', audio: '%%%' }),
      () => noisy.send({ type: 'input_audio_buffer.append' }),
      () => noisy.send({ type: 'session.update', session: { type: 'transcription', audio: 7 } }),
      () => noisy.send({ type: 'conversation.item.retrieve', item_id: 'item_missing' }),
      () => noisy.send({ type: 'input_audio_buffer.commit', event_id: 'x'.repeat(300) }),
      () => noisy.socket.send(new Uint8Array([0, 1, 2])),
    ];
    const transcript = transcribeTones(quiet, 'alpha bravo charlie delta');
    for (let i = 0; i < 1000; i++) malformed[i % malformed.length]?.();
    expect(await transcript).toBe('alpha bravo charlie delta');
    await eventually(() => noisy.ofType('error').length >= 1000, 20_000);
    expect(noisy.ofType('error')).toHaveLength(1000);
    expect(noisy.closed).toBeNull();
    expect(await transcribeTones(noisy, 'echo foxtrot')).toBe('echo foxtrot');
    expect(noisy.violations).toEqual([]);
  });
});

describe('open/close cycles', () => {
  it('do not leak sessions (metrics back to zero) and keep the heap stable', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    server = await startServer({ processMetrics: false });
    const cycle = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const client = await openClient((server as TestServer).realtimeUrl());
        await client.next('session.created', T);
        if (i % 2 === 0)
          client.send({
            type: 'input_audio_buffer.append',
            audio: encodeBase64(encodePcm16(tones('alpha'))),
          });
        client.socket.close(1000);
        await client.waitClosed(T);
      }
      await released();
    };
    await cycle(60);
    gc();
    const before = process.memoryUsage().heapUsed;
    await cycle(300);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(4 * 1024 * 1024);
    const text = await scrape(server.base);
    expect(metricValue(text, 'earshot_sessions', { kind: 'realtime' })).toBe(0);
    expect(metricValue(text, 'earshot_sessions_opened_total', { kind: 'realtime' })).toBe(360);
    expect(metricValue(text, 'earshot_decode_queue_depth')).toBe(0);
    const b = await openClient(server.realtimeUrl());
    expect(await transcribeSamples(await configureThen(b), tones('hotel'))).toBe('hotel');
  });
});

async function configureThen(client: TestClient): Promise<TestClient> {
  await configure(client, 'earshot-test-tones');
  return client;
}
