import { ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { LocalRealtimeSocket } from '../../src/socket/local-realtime-socket.ts';
import { refusePort, servePort } from '../../src/worker/session-host.ts';
import { WorkerLoss } from '../../src/worker/worker-loss.ts';
import { connectLocal, nextEvent, openLocal } from '../support/local-connection.ts';

const recognizer = new ToneRecognizer({ decodeMs: 1 });

describe('LocalRealtimeSocket', () => {
  it('starts CONNECTING, opens with protocol realtime, then delivers session.created as a JSON text frame', async () => {
    const { socket } = connectLocal({ recognizer });
    expect(socket.readyState).toBe(LocalRealtimeSocket.CONNECTING);
    expect(socket.protocol).toBe('');
    const order: string[] = [];
    socket.onopen = () => order.push('open');
    const message = nextEvent<MessageEvent>(socket, 'message');
    await nextEvent(socket, 'open');
    expect(socket.readyState).toBe(socket.OPEN);
    expect(socket.protocol).toBe('realtime');
    expect(socket.bufferedAmount).toBe(0);
    const first = await message;
    expect(typeof first.data).toBe('string');
    expect(JSON.parse(first.data as string).type).toBe('session.created');
    expect(order).toEqual(['open']);
    socket.close();
  });

  it('throws InvalidStateError on send while CONNECTING', () => {
    const { socket } = connectLocal({ recognizer });
    expect(() => socket.send('{}')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    socket.close();
  });

  it('validates close codes and reasons like a browser WebSocket', async () => {
    const socket = await openLocal({ recognizer });
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    socket.close(4321, 'bye');
    expect(socket.readyState).toBe(socket.CLOSING);
    const close = await nextEvent<CloseEvent>(socket, 'close');
    expect([close.code, close.reason, close.wasClean]).toEqual([4321, 'bye', true]);
    expect(socket.readyState).toBe(socket.CLOSED);
  });

  it('discards sends after close and answers protocol errors with error events', async () => {
    const socket = await openLocal({ recognizer });
    const frames: Array<{ type: string; error?: { code: string } }> = [];
    socket.onmessage = (event) => frames.push(JSON.parse(event.data as string));
    socket.send('not json');
    socket.send(new Uint8Array([1, 2, 3]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.filter((f) => f.type === 'error').map((f) => f.error?.code)).toEqual([
      'invalid_json',
      'invalid_event',
    ]);
    socket.close();
    expect(() => socket.send('{}')).not.toThrow();
    await nextEvent(socket, 'close');
  });

  it('reports a close the engine starts with its code (session end)', async () => {
    const { socket, served } = connectLocal({ recognizer });
    await nextEvent(socket, 'open');
    const close = nextEvent<CloseEvent>(socket, 'close');
    served.close(4000, 'invalid_request_error.session_expired');
    expect([(await close).code, (await close).reason]).toEqual([
      4000,
      'invalid_request_error.session_expired',
    ]);
  });

  it('fails with error then close 1006 when the engine refuses the connection', async () => {
    const channel = new MessageChannel();
    const socket = new LocalRealtimeSocket(channel.port1);
    const seen: string[] = [];
    socket.onerror = () => seen.push('error');
    refusePort(channel.port2, 'EARSHOT_ERR_ENGINE', 'no model');
    const close = await nextEvent<CloseEvent>(socket, 'close');
    expect(seen).toEqual(['error']);
    expect([close.code, close.wasClean]).toEqual([1006, false]);
  });

  it('on a lost engine, sends the Realtime error event then closes 1011; a closing socket just closes 1011', async () => {
    const loss = new WorkerLoss();
    const tracked = () => {
      const channel = new MessageChannel();
      loss.track(channel.port1);
      servePort(channel.port2, { recognizer });
      return { socket: new LocalRealtimeSocket(channel.port1) };
    };
    const [open, closing, untouched] = [tracked(), tracked(), tracked()] as const;
    for (const { socket } of [open, closing, untouched]) await nextEvent(socket, 'open');
    untouched.socket.close();
    expect((await nextEvent<CloseEvent>(untouched.socket, 'close')).code).toBe(1000);
    const frames: Array<{ type: string; error?: { code: string } }> = [];
    open.socket.onmessage = (event) => frames.push(JSON.parse(event.data as string));
    const events: string[] = [];
    untouched.socket.addEventListener('message', () => events.push('message'));
    untouched.socket.addEventListener('close', () => events.push('close'));
    closing.socket.close();
    const closes = [open, closing].map(({ socket }) => nextEvent<CloseEvent>(socket, 'close'));
    loss.lose('gone');
    const [openClose, closingClose] = await Promise.all(closes);
    expect([openClose?.code, openClose?.wasClean, closingClose?.code]).toEqual([1011, false, 1011]);
    expect(frames.at(-1)).toMatchObject({ type: 'error', error: { code: 'EARSHOT_ERR_WORKER_LOST' } });
    expect(events).toEqual([]);
  });

  it('fails when the client offers subprotocols without realtime', async () => {
    const { socket } = connectLocal({ recognizer, protocols: ['chat'] });
    const close = await nextEvent<CloseEvent>(socket, 'close');
    expect(close.code).toBe(1006);
  });

  it('fails the connection when closed while CONNECTING', async () => {
    const channel = new MessageChannel();
    const socket = new LocalRealtimeSocket(channel.port1);
    socket.close();
    const close = await nextEvent<CloseEvent>(socket, 'close');
    expect(close.code).toBe(1006);
    channel.port2.close();
  });
});
