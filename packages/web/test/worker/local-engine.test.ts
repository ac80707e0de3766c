import { ToneRecognizer } from '@earshot/testkit/tones';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installLocalRealtime } from '../../src/socket/install-local-realtime.ts';
import { LocalRealtimeSocket } from '../../src/socket/local-realtime-socket.ts';
import type { LoadedModel, LoadOutcome } from '../../src/worker/engine-api.ts';
import { LocalEngine } from '../../src/worker/local-engine.ts';
import { servePort } from '../../src/worker/session-host.ts';
import { FakeWorker, never } from '../support/fake-worker.ts';
import { nextEvent } from '../support/local-connection.ts';

const recognizer = new ToneRecognizer({ decodeMs: 1 });

/** An engine API whose sessions are served in-process and whose load and capabilities never answer. */
function hangingApi() {
  return {
    capabilities: () => never(),
    load: (): Promise<LoadOutcome> => never(),
    unload: () => never<void>(),
    clearCache: () => never<number>(),
    connect: (port: MessagePort) => {
      servePort(port, { recognizer });
    },
  };
}

async function openSocket(engine: LocalEngine): Promise<LocalRealtimeSocket> {
  const socket = engine.openSocket();
  await nextEvent(socket, 'open');
  return socket;
}

/** Collects a socket's Realtime events and its close. */
function watch(socket: LocalRealtimeSocket) {
  const frames: Array<{ type: string; error?: { code: string; type: string } }> = [];
  socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
  const closed = nextEvent<CloseEvent>(socket, 'close');
  return { frames, closed };
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.created.length = 0;
});

describe('LocalEngine when its Worker is lost', () => {
  it('rejects pending load() and capabilities() with EARSHOT_ERR_WORKER_LOST on a worker error event', async () => {
    const worker = new FakeWorker(hangingApi());
    const engine = new LocalEngine(worker.asWorker());
    const load = engine.load({ modelUrl: 'https://models.example/tiny/' });
    const caps = engine.capabilities();
    worker.crash('script error');
    await expect(load).rejects.toMatchObject({ name: 'EarshotWebError', code: 'EARSHOT_ERR_WORKER_LOST' });
    await expect(caps).rejects.toMatchObject({ code: 'EARSHOT_ERR_WORKER_LOST' });
    expect(engine.lost).toBe(true);
    expect(worker.terminated).toBe(true);
    await expect(engine.unload()).rejects.toMatchObject({ code: 'EARSHOT_ERR_WORKER_LOST' });
  });

  it('rejects pending calls when terminate() is called', async () => {
    const worker = new FakeWorker(hangingApi());
    const engine = new LocalEngine(worker.asWorker());
    const caps = engine.capabilities();
    const clear = engine.clearCache();
    engine.terminate();
    await expect(caps).rejects.toMatchObject({ code: 'EARSHOT_ERR_WORKER_LOST' });
    await expect(clear).rejects.toMatchObject({ code: 'EARSHOT_ERR_WORKER_LOST' });
    expect(worker.terminated).toBe(true);
  });

  it('ends every open socket with a Realtime error event, then close 1011', async () => {
    const worker = new FakeWorker(hangingApi());
    const engine = new LocalEngine(worker.asWorker());
    const sockets = [await openSocket(engine), await openSocket(engine)];
    const watched = sockets.map(watch);
    worker.crash();
    for (const [i, socket] of sockets.entries()) {
      const { frames, closed } = watched[i] as ReturnType<typeof watch>;
      const close = await closed;
      expect([close.code, close.reason, close.wasClean]).toEqual([
        1011,
        'server_error.EARSHOT_ERR_WORKER_LOST',
        false,
      ]);
      const error = frames.at(-1);
      expect(error?.type).toBe('error');
      expect(error?.error).toMatchObject({ type: 'server_error', code: 'EARSHOT_ERR_WORKER_LOST' });
      expect(socket.readyState).toBe(LocalRealtimeSocket.CLOSED);
      expect(() => socket.send('{}')).not.toThrow();
    }
  });

  it('closes sockets opened through installLocalRealtime() on terminate(), and fails sockets still connecting', async () => {
    const worker = new FakeWorker(hangingApi());
    const engine = new LocalEngine(worker.asWorker());
    const restore = installLocalRealtime({ connect: () => engine.connect() });
    try {
      const routed = new WebSocket('wss://earshot.local/v1/realtime?intent=transcription');
      await nextEvent(routed, 'open');
      const routedClose = nextEvent<CloseEvent>(routed, 'close');
      const connecting = engine.openSocket();
      const events: string[] = [];
      connecting.addEventListener('error', () => events.push('error'));
      const connectingClose = nextEvent<CloseEvent>(connecting, 'close');
      engine.terminate();
      expect((await routedClose).code).toBe(1011);
      expect((await connectingClose).code).toBe(1006);
      expect(events).toEqual(['error']);
    } finally {
      restore();
    }
  });

  it('a socket opened after the loss fails at once', async () => {
    const worker = new FakeWorker(hangingApi());
    const engine = new LocalEngine(worker.asWorker());
    engine.terminate();
    const socket = engine.openSocket();
    expect((await nextEvent<CloseEvent>(socket, 'close')).code).toBe(1006);
  });

  it('LocalEngine.shared() starts a new Worker after a crash', async () => {
    const model = { model: 'tiny' } as LoadedModel;
    FakeWorker.nextApi = () => ({
      ...hangingApi(),
      load: async (): Promise<LoadOutcome> => ({ ok: true, model }),
    });
    vi.stubGlobal('Worker', FakeWorker);
    const first = LocalEngine.shared();
    expect(LocalEngine.shared()).toBe(first);
    await first.load({ modelUrl: 'https://models.example/tiny/' });
    FakeWorker.created[0]?.crash();
    expect(first.lost).toBe(true);
    const second = LocalEngine.shared();
    expect(second).not.toBe(first);
    expect(FakeWorker.created).toHaveLength(2);
    await expect(second.load({ modelUrl: 'https://models.example/tiny/' })).resolves.toEqual(model);
    second.terminate();
    const third = LocalEngine.shared();
    expect(third).not.toBe(second);
    third.terminate();
  });
});
