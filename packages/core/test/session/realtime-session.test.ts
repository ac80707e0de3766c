import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_VAD } from '../../src/session/index.ts';
import { harness } from '../support/session-harness.ts';

const clip = (words: string, rate = 24000) => speakTones(words.split(' '), rate);

describe('RealtimeSession', () => {
  it('runs at most one decode at a time and coalesces appends that arrive while decoding', async () => {
    const h = harness(new ToneRecognizer({ decodeMs: 30, chunkMs: 100 }));
    h.append(clip('alpha bravo charlie delta echo foxtrot'), 100);
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    expect(h.recognizer.stats.maxInFlight).toBe(1);
    // 100 appends, but far fewer decodes: appends during a decode are folded into the next one.
    expect(h.recognizer.stats.decodes).toBeLessThan(10);
    expect(h.ofType('conversation.item.input_audio_transcription.completed')[0]?.transcript).toBe(
      'alpha bravo charlie delta echo foxtrot',
    );
  });

  it('finalizes correctly when the commit arrives during a partial decode', async () => {
    const h = harness(new ToneRecognizer({ decodeMs: 40 }));
    h.append(clip('golf hotel'), 2);
    await new Promise((resolve) => setTimeout(resolve, 10)); // a partial decode is now running
    expect(h.recognizer.stats.inFlight).toBe(1);
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    const types = h.events.map((e) => e.type);
    expect(types.indexOf('input_audio_buffer.committed')).toBeLessThan(
      types.indexOf('conversation.item.input_audio_transcription.completed'),
    );
    expect(h.ofType('conversation.item.input_audio_transcription.completed')[0]?.transcript).toBe(
      'golf hotel',
    );
  });

  it('clear cancels the pending item: no delta or completed for it afterwards', async () => {
    const h = harness(new ToneRecognizer({ decodeMs: 20 }));
    h.append(clip('alpha bravo charlie'), 3);
    h.send({ type: 'input_audio_buffer.clear' });
    await h.session.settled();
    const cleared = h.events.findIndex((e) => e.type === 'input_audio_buffer.cleared');
    expect(cleared).toBeGreaterThanOrEqual(0);
    const after = h.events.slice(cleared + 1).map((e) => e.type);
    expect(after).toEqual([]);
    expect(h.ofType('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
  });

  it('treats an empty append as a no-op: no stream, no event', async () => {
    const h = harness();
    for (let i = 0; i < 100; i++) h.send({ type: 'input_audio_buffer.append', audio: '' });
    await h.session.settled();
    expect(h.recognizer.stats.streams).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['session.created']);
  });

  it('reports a recognizer failure as transcription.failed with inference_failed, and goes on', async () => {
    const h = harness(new ToneRecognizer({ fail: true }));
    h.append(clip('alpha'));
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    const failed = h.ofType('conversation.item.input_audio_transcription.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error.code).toBe('inference_failed');
    expect(failed[0]?.item_id).toBe(h.ofType('input_audio_buffer.committed')[0]?.item_id);
    h.send({ type: 'input_audio_buffer.clear' });
    await h.session.settled();
    expect(h.ofType('input_audio_buffer.cleared')).toHaveLength(1);
  });

  it('commits without transcribing when transcription is null', async () => {
    const h = harness();
    h.send({
      type: 'session.update',
      session: { type: 'transcription', audio: { input: { transcription: null } } },
    });
    h.append(clip('alpha'));
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    expect(h.ofType('input_audio_buffer.committed')).toHaveLength(1);
    expect(h.ofType('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
    expect(h.recognizer.stats.streams).toBe(0);
  });

  it('expire() sends session_expired then closes with 4000', async () => {
    const h = harness();
    h.session.expire();
    const error = h.ofType('error')[0];
    expect(error?.error.code).toBe('session_expired');
    expect(h.closes).toEqual([{ code: 4000, reason: 'invalid_request_error.session_expired' }]);
    h.send({ type: 'input_audio_buffer.clear' });
    await h.session.settled();
    expect(h.ofType('input_audio_buffer.cleared')).toHaveLength(0);
  });

  it('reports expires_at one session length after creation', () => {
    const h = harness(undefined, { now: () => 1_700_000_000_000, limits: { maxSessionSeconds: 600 } });
    const created = h.ofType('session.created')[0];
    expect(created?.session.expires_at).toBe(1_700_000_000 + 600);
  });

  it('survives a send callback that throws (client gone)', async () => {
    let calls = 0;
    const { RealtimeSession } = await import('../../src/session/index.ts');
    const session = new RealtimeSession({
      recognizer: new ToneRecognizer(),
      turnDetection: null,
      send: () => {
        calls++;
        throw new Error('socket closed');
      },
    });
    session.handleText('{"type":"input_audio_buffer.clear"}');
    await session.settled();
    expect(calls).toBe(2);
  });

  it('reports usage as the item duration in seconds', async () => {
    const h = harness();
    h.append(new Float32Array(24000 * 1.5), 7);
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    expect(h.ofType('conversation.item.input_audio_transcription.completed')[0]?.usage).toEqual({
      type: 'duration',
      seconds: 1.5,
    });
  });

  it('drops work for a closed session: nothing is sent after close()', async () => {
    const h = harness(new ToneRecognizer({ decodeMs: 20 }));
    h.append(clip('alpha bravo'));
    h.send({ type: 'input_audio_buffer.commit' });
    h.session.close();
    const count = h.events.length;
    await h.session.settled();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.events.length).toBe(count);
  });

  it('in strict mode answers 16 kHz with integer_below_min_value, as OpenAI', async () => {
    const h = harness(undefined, { strictRates: true });
    h.send({
      type: 'session.update',
      session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } },
    });
    await h.session.settled();
    const error = h.ofType('error')[0]?.error;
    expect(error?.code).toBe('integer_below_min_value');
    expect(error?.param).toBe('session.audio.input.format.rate');
  });

  it('uses the reserved item id for speech_started, pre-commit deltas, committed and completed', async () => {
    const h = harness(new ToneRecognizer({ decodeMs: 1 }), {
      turnDetection: DEFAULT_SERVER_VAD,
    });
    const audio = new Float32Array(24000 * 6);
    audio.set(clip('alpha bravo charlie delta echo foxtrot'), 12000);
    await h.appendSettled(audio);
    const ids = new Set(
      h.events.flatMap((e) => ('item_id' in e && typeof e.item_id === 'string' ? [e.item_id] : [])),
    );
    expect(ids.size).toBe(1);
    const types = h.events.map((e) => e.type);
    expect(types.indexOf('conversation.item.input_audio_transcription.delta')).toBeLessThan(
      types.indexOf('input_audio_buffer.speech_stopped'),
    );
    expect(h.ofType('conversation.item.input_audio_transcription.completed')[0]?.transcript).toBe(
      'alpha bravo charlie delta echo foxtrot',
    );
  });
});

describe('RealtimeSession under server VAD', () => {
  it('gives the item prefix_padding_ms of audio before speech detected in the middle of an append', async () => {
    const h = harness(undefined, {
      turnDetection: DEFAULT_SERVER_VAD,
    });
    const audio = new Float32Array(24000 * 4);
    audio.set(clip('alpha bravo'), 24000);
    await h.appendSettled(audio);
    const started = h.ofType('input_audio_buffer.speech_started')[0];
    const stopped = h.ofType('input_audio_buffer.speech_stopped')[0];
    const completed = h.ofType('conversation.item.input_audio_transcription.completed')[0];
    if (started === undefined || stopped === undefined || completed?.usage?.type !== 'duration') {
      throw new Error(`no turn: ${h.events.map((e) => e.type).join(', ')}`);
    }
    expect(completed.transcript).toBe('alpha bravo');
    // Speech starts at 1 s: the turn starts prefix_padding_ms (300) before the VAD's onset.
    expect(started.audio_start_ms).toBeGreaterThan(600);
    expect(started.audio_start_ms).toBeLessThan(1000);
    // The item holds everything from audio_start_ms to the commit, the prefix padding included;
    // audio_end_ms is where that audio ends (OpenAI: it includes the silence the VAD waited).
    const itemMs = stopped.audio_end_ms - started.audio_start_ms;
    expect(Math.abs(completed.usage.seconds * 1000 - itemMs)).toBeLessThanOrEqual(40);
  });

  it('commits audio held before speech was detected when the client commits manually', async () => {
    const h = harness(undefined, {
      turnDetection: DEFAULT_SERVER_VAD,
    });
    h.append(new Float32Array(24000));
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    expect(h.ofType('error')).toEqual([]);
    expect(h.ofType('input_audio_buffer.committed')).toHaveLength(1);
  });
});
