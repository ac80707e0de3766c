/**
 * What a balancer relies on: `/readyz` (200 ready, 503 full or draining, the load in the body), the
 * replica named in `/readyz` and in the `x-earshot-replica` header of the upgrade, the metrics to
 * autoscale on, and the drain: new sessions refused with 503 while committed items finish, then
 * a 1001 close with its documented reason.
 */
import type { IncomingMessage } from 'node:http';
import { encodeWavPcm16 } from '@earshot/core/audio';
import type { Hypothesis, RecognitionOptions, RecognitionStream, Recognizer } from '@earshot/core/engine';
import { TestClient } from '@earshot/testkit/conformance';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { afterEach, describe, expect, it } from 'vitest';
import { REPLICA_HEADER, type ReplicaLoad, SHUTDOWN_CLOSE } from '../src/index.ts';
import { openWebSocket } from '../src/realtime/ws-client.ts';
import { asSocketLike, eventually, metricValue, openClient, scrape } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';
import { busyAndIdle, tones, transcribeTones } from './support/session.ts';

const T = 10_000;

/** A tone recognizer whose final decodes wait until `release()` (to hold a server in its drain). */
class GatedRecognizer implements Recognizer {
  readonly inner = new ToneRecognizer({ decodeMs: 1 });
  readonly model = this.inner.model;
  readonly languages = this.inner.languages;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  release(): void {
    this.open();
  }

  start(options: RecognitionOptions): RecognitionStream {
    const stream = this.inner.start(options);
    return {
      append: (samples) => stream.append(samples),
      update: (signal) => stream.update(signal),
      finalize: async (signal): Promise<Hypothesis> => {
        await this.gate;
        return stream.finalize(signal);
      },
      close: () => stream.close(),
    };
  }
}

async function readyz(server: TestServer): Promise<{ status: number; body: ReplicaLoad }> {
  const res = await fetch(`${server.base}/readyz`);
  return { status: res.status, body: (await res.json()) as ReplicaLoad };
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('GET /readyz', () => {
  it('answers 200 with the load and the replica name while the server takes sessions', async () => {
    server = await startServer({ replicaId: 'replica-a', limits: { maxSessions: 4 } });
    expect(await readyz(server)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        replica: 'replica-a',
        model: 'earshot-test-tones',
        sessions: 0,
        max_sessions: 4,
        queue_depth: 0,
        draining: false,
      },
    });
    const client = await openClient(server.realtimeUrl());
    await client.next('session.created', T);
    expect((await readyz(server)).body.sessions).toBe(1);
    expect((await fetch(`${server.base}/healthz`).then((r) => r.json())) as object).toMatchObject({
      replica: 'replica-a',
    });
  });

  it('names the replica in the x-earshot-replica header of the upgrade (default <hostname>:<port>)', async () => {
    server = await startServer();
    let response: IncomingMessage | null = null;
    const ws = await openWebSocket(server.realtimeUrl(), [], {}, (res) => {
      response = res;
    });
    ws.close();
    const port = new URL(server.base).port;
    expect(server.server.replicaId).toMatch(new RegExp(`^.+:${port}$`));
    expect((response as IncomingMessage | null)?.headers[REPLICA_HEADER]).toBe(server.server.replicaId);
    expect((await readyz(server)).body.replica).toBe(server.server.replicaId);
  });

  it('answers 503 full at --max-sessions and 200 again once a session ends', async () => {
    server = await startServer({ limits: { maxSessions: 2 } });
    const a = await openClient(server.realtimeUrl());
    await a.next('session.created', T);
    expect((await readyz(server)).status).toBe(200);
    const b = await openClient(server.realtimeUrl());
    await b.next('session.created', T);
    const full = await readyz(server);
    expect(full).toMatchObject({ status: 503, body: { status: 'full', sessions: 2, max_sessions: 2 } });
    b.socket.close(1000);
    await b.waitClosed(T);
    await eventually(async () => (await readyz(server as TestServer)).status === 200, T);
    // The open session was never disturbed by the replica being full.
    expect(await transcribeTones(a, 'alpha bravo')).toBe('alpha bravo');
  });

  it('refuses other methods with 405', async () => {
    server = await startServer();
    const res = await fetch(`${server.base}/readyz`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('drain (shutdown)', () => {
  it('answers 503 draining and refuses new sessions while a committed item finishes, then closes with 1001', async () => {
    const recognizer = new GatedRecognizer();
    server = await startServer({ recognizer, replicaId: 'replica-d' });
    const running = server;
    const { busy, idle } = await busyAndIdle(running.realtimeUrl(), recognizer.model, 'charlie delta', T);
    const stopped = running.close();

    // The final decode is held: the server is draining, still listening, and says so.
    const draining = await readyz(running);
    expect(draining).toMatchObject({
      status: 503,
      body: { status: 'draining', draining: true, replica: 'replica-d', sessions: 2 },
    });
    expect((await fetch(`${running.base}/healthz`)).status).toBe(503);
    expect(metricValue(await scrape(running.base), 'earshot_draining')).toBe(1);
    await expect(openWebSocket(running.realtimeUrl())).rejects.toThrow('HTTP 503');
    const body = new FormData();
    body.append('model', recognizer.model);
    body.append('file', new Blob([encodeWavPcm16(tones('echo'), 24000)]), 'a.wav');
    const refused = await fetch(`${running.base}/v1/audio/transcriptions`, { method: 'POST', body });
    expect(refused.status).toBe(503);
    // The idle session had no work left: it is closed at once, with the documented reason.
    expect(await idle.waitClosed(T)).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(busy.closed).toBeNull();

    recognizer.release();
    const completed = await busy.next('conversation.item.input_audio_transcription.completed', T);
    expect(completed.transcript).toBe('charlie delta');
    expect(await busy.waitClosed(T)).toEqual(SHUTDOWN_CLOSE);
    await stopped;
    expect(running.server.http.listening).toBe(false);
  });
});

describe('autoscaling metrics', () => {
  it('exports sessions, their maximum, the decode queue depth, decode seconds and busy seconds', async () => {
    server = await startServer({ limits: { maxSessions: 8 } });
    const client = new TestClient(asSocketLike(await openWebSocket(server.realtimeUrl())));
    expect(await transcribeTones(client, 'golf hotel')).toBe('golf hotel');
    const text = await scrape(server.base);
    expect(metricValue(text, 'earshot_sessions', { kind: 'realtime' })).toBe(1);
    expect(metricValue(text, 'earshot_max_sessions')).toBe(8);
    expect(metricValue(text, 'earshot_draining')).toBe(0);
    expect(text).toContain('# TYPE earshot_decode_queue_depth gauge');
    expect(metricValue(text, 'earshot_decode_seconds_count', { kind: 'final' })).toBeGreaterThan(0);
    const busy = metricValue(text, 'earshot_decode_busy_seconds_total');
    expect(busy).toBeGreaterThan(0);
    // A counter: it never goes back.
    expect(
      metricValue(await scrape(server.base), 'earshot_decode_busy_seconds_total'),
    ).toBeGreaterThanOrEqual(busy);
  });
});
