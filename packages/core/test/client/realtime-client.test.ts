// The client side of the protocol against a real RealtimeSession (in memory, tone recognizer):
// typed sends, typed listeners with arrival times, waiting, item transcripts, invalid frames.

import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { encodePcm16 } from '../../src/audio/index.ts';
import {
  ItemTranscripts,
  RealtimeClient,
  type RealtimeSocketLike,
  sessionUpdate,
} from '../../src/client/index.ts';
import { connectInMemory } from '../support/memory-socket.ts';

const T = 5_000;

function connect() {
  const { socket } = connectInMemory({ recognizer: new ToneRecognizer() });
  return new RealtimeClient(socket, { record: true });
}

describe('RealtimeClient', () => {
  it('configures a session, streams audio and reads the transcript through typed events', async () => {
    const client = connect();
    await client.waitFor('session.created', { timeoutMs: T, from: 0 });
    client.update({
      format: { type: 'audio/pcm', rate: 24000 },
      turnDetection: null,
      include: ['earshot.transcription.partial'],
    });
    const updated = await client.waitFor('session.updated', { timeoutMs: T, from: 0 });
    expect(updated.session.audio.input.turn_detection).toBeNull();
    const items = new ItemTranscripts();
    const times: number[] = [];
    client.onEvent((event, at) => {
      items.apply(event);
      times.push(at);
    });
    const completed = client.waitFor('conversation.item.input_audio_transcription.completed', {
      timeoutMs: T,
    });
    client.append(encodePcm16(speakTones(['alpha', 'bravo', 'charlie'], 24000)));
    client.commit();
    const done = await completed;
    expect(done.transcript).toBe('alpha bravo charlie');
    expect(items.get(done.item_id)).toMatchObject({
      final: 'alpha bravo charlie',
      tentative: '',
      failed: null,
    });
    expect(items.text()).toBe('alpha bravo charlie');
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    expect(client.ofType('input_audio_buffer.committed')).toHaveLength(1);
  });

  it('gives an error event its full envelope, and waitFor filters with where', async () => {
    const client = connect();
    client.send({ type: 'input_audio_buffer.commit', event_id: 'evt_9' });
    const error = await client.waitFor('error', {
      timeoutMs: T,
      from: 0,
      where: (e) => e.error.event_id === 'evt_9',
    });
    expect(error.error).toMatchObject({ code: 'input_audio_buffer_commit_empty', event_id: 'evt_9' });
  });

  it('rejects waitFor on timeout and on close, and reports the close', async () => {
    const client = connect();
    await expect(client.waitFor('input_audio_buffer.cleared', { timeoutMs: 50 })).rejects.toThrow(
      /timed out/,
    );
    const waiting = client.waitFor('input_audio_buffer.cleared', { timeoutMs: T });
    client.close(1000, 'bye');
    await expect(waiting).rejects.toThrow(/closed \(1000\)/);
    expect(await client.waitClosed(T)).toEqual({ code: 1000, reason: 'bye' });
    expect(client.open).toBe(false);
  });

  it('reports frames that are not server events, and never hands them to listeners', () => {
    let onMessage: (event: { data: unknown }) => void = () => {};
    const socket: RealtimeSocketLike = {
      readyState: 1,
      send: () => {},
      close: () => {},
      addEventListener: (type: string, listener: never) => {
        if (type === 'message') onMessage = listener;
      },
    };
    const client = new RealtimeClient(socket, { record: true });
    const invalid: string[] = [];
    client.onInvalid((frame) => invalid.push(frame.reason));
    for (const data of [new Uint8Array(2), '{', '{"no":"type"}', '{"type":"session.updated"}'])
      onMessage({ data });
    expect(invalid).toEqual(['non-text frame', 'frame is not JSON', 'frame has no string type']);
    expect(client.events.map((e) => e.type)).toEqual(['session.updated']);
  });
});

describe('sessionUpdate', () => {
  it('sends only the fields given, in the wire shape', () => {
    expect(sessionUpdate({ delay: 'high' })).toEqual({
      type: 'session.update',
      session: { type: 'transcription', audio: { input: { transcription: { delay: 'high' } } } },
    });
    expect(
      sessionUpdate({
        format: { type: 'audio/pcmu' },
        languages: ['en', 'de'],
        keywords: ['Earshot'],
        turnDetection: 'server_vad',
        include: ['item.input_audio_transcription.logprobs'],
        eventId: 'evt_1',
      }),
    ).toEqual({
      type: 'session.update',
      event_id: 'evt_1',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcmu' },
            transcription: { languages: ['en', 'de'], keywords: ['Earshot'] },
            turn_detection: { type: 'server_vad' },
          },
        },
        include: ['item.input_audio_transcription.logprobs'],
      },
    });
    expect(sessionUpdate({ model: null, turnDetection: null }).session.audio?.input).toEqual({
      transcription: null,
      turn_detection: null,
    });
    expect(sessionUpdate({}).session).toEqual({ type: 'transcription' });
  });
});

describe('ItemTranscripts', () => {
  const base = { event_id: 'event_1', item_id: 'item_1', content_index: 0 };
  it('joins deltas, takes the larger stable text of the extension, and ends on completed or failed', () => {
    const items = new ItemTranscripts();
    items.apply({ ...base, type: 'conversation.item.input_audio_transcription.delta', delta: 'turn' });
    items.apply({ ...base, type: 'earshot.transcription.partial', stable: 'turn on', tentative: ' the' });
    items.apply({ ...base, type: 'conversation.item.input_audio_transcription.delta', delta: ' on' });
    expect(items.get('item_1')).toMatchObject({ deltas: 'turn on', stable: 'turn on', tentative: ' the' });
    items.apply({
      ...base,
      type: 'conversation.item.input_audio_transcription.completed',
      transcript: 'turn on the lights',
      usage: { type: 'duration', seconds: 1 },
    });
    items.apply({ ...base, type: 'conversation.item.input_audio_transcription.delta', delta: ' late' });
    expect(items.get('item_1')).toMatchObject({
      final: 'turn on the lights',
      deltas: 'turn on',
      tentative: '',
    });
    items.apply({
      ...base,
      item_id: 'item_2',
      type: 'conversation.item.input_audio_transcription.failed',
      error: { type: 'invalid_request_error', code: 'input_audio_buffer_cleared', message: 'cleared' },
    });
    expect(items.list().map((i) => [i.itemId, i.final, i.failed?.code ?? null])).toEqual([
      ['item_1', 'turn on the lights', null],
      ['item_2', null, 'input_audio_buffer_cleared'],
    ]);
  });
});
