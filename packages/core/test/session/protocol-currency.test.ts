// The transcription fields and behaviours OpenAI ships now (SDK 7.x): `languages`, `keywords`,
// `delay`, logprobs, commit and clear semantics, `speech_stopped.audio_end_ms`.

import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_VAD } from '../../src/session/index.ts';
import { harness } from '../support/session-harness.ts';

const clip = (words: string, rate = 24000) => speakTones(words.split(' '), rate);
const update = (transcription: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'session.update',
  session: { type: 'transcription', audio: { input: { transcription } }, ...extra },
});

describe('transcription.languages, keywords and delay', () => {
  it('rejects language and languages together, changing nothing', async () => {
    const h = harness();
    h.send(update({ language: 'en', languages: ['en'] }));
    await h.session.settled();
    const error = h.ofType('error')[0]?.error;
    expect(error).toMatchObject({
      code: 'invalid_value',
      param: 'session.audio.input.transcription.languages',
    });
    expect(h.ofType('session.updated')).toHaveLength(0);
    expect(h.session.session.audio.input.transcription?.language).toBeNull();
  });

  it('echoes languages, keywords and delay, and passes them to the recognizer', async () => {
    const h = harness();
    h.send(update({ languages: ['en'], keywords: ['kitchen', 'alfa'], delay: 'high' }));
    await h.session.settled();
    const transcription = h.ofType('session.updated')[0]?.session.audio.input.transcription;
    expect(transcription).toMatchObject({
      language: null,
      languages: ['en'],
      keywords: ['kitchen', 'alfa'],
      delay: 'high',
    });
    h.append(clip('alpha'));
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    // One possible language is forced; keywords and delay reach the recognizer as they are.
    expect(h.recognizer.started[0]).toMatchObject({
      language: 'en',
      keywords: ['kitchen', 'alfa'],
      delay: 'high',
    });
    // Setting language later clears languages (one language field at a time).
    h.send(update({ language: 'en' }));
    await h.session.settled();
    expect(h.ofType('session.updated')[1]?.session.audio.input.transcription).toMatchObject({
      language: 'en',
      languages: null,
    });
  });

  it('refuses an unknown delay and a language the model lacks with invalid_value', async () => {
    const h = harness();
    h.send(update({ delay: 'instant' }));
    h.send(update({ languages: ['en', 'xx'] }));
    await h.session.settled();
    const errors = h.ofType('error').map((e) => e.error);
    expect(errors.map((e) => e.code)).toEqual(['invalid_value', 'invalid_value']);
    expect(errors[1]?.param).toBe('session.audio.input.transcription.languages[1]');
  });
});

describe('logprobs', () => {
  it('adds token logprobs to deltas and completed when include asks for them, and only then', async () => {
    const h = harness(new ToneRecognizer({ chunkMs: 100 }));
    h.send(update({}, { include: ['item.input_audio_transcription.logprobs'] }));
    h.append(clip('alpha bravo charlie delta'), 12);
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    const deltas = h.ofType('conversation.item.input_audio_transcription.delta');
    const completed = h.ofType('conversation.item.input_audio_transcription.completed')[0];
    expect(completed?.transcript).toBe('alpha bravo charlie delta');
    expect(completed?.logprobs?.map((l) => l.token).join('')).toBe('alpha bravo charlie delta');
    for (const l of completed?.logprobs ?? []) {
      expect(l.logprob).toBeLessThanOrEqual(0);
      expect(new TextDecoder().decode(Uint8Array.from(l.bytes))).toBe(l.token);
    }
    // Each delta carries the tokens of its own text, once: together they are the transcript's.
    expect(deltas.flatMap((d) => d.logprobs ?? []).map((l) => l.token)).toEqual(
      completed?.logprobs?.map((l) => l.token),
    );
    expect(deltas.map((d) => d.delta).join('')).toBe(completed?.transcript);

    const plain = harness();
    plain.append(clip('alpha'));
    plain.send({ type: 'input_audio_buffer.commit' });
    await plain.session.settled();
    expect(plain.ofType('conversation.item.input_audio_transcription.completed')[0]).not.toHaveProperty(
      'logprobs',
    );
  });
});

describe('commit and clear', () => {
  it('a manual commit under server VAD turns the whole buffer into the item, quiet speech included', async () => {
    const h = harness(new ToneRecognizer(), { turnDetection: { ...DEFAULT_SERVER_VAD, threshold: 0.9 } });
    // Quiet speech the VAD (threshold 0.9) does not hear, between silences: 2.2 s in all.
    const quiet = clip('alpha bravo').map((v) => v * 0.05);
    const silence = new Float32Array(24000 * 0.5);
    const audio = new Float32Array(silence.length * 2 + quiet.length);
    audio.set(silence);
    audio.set(quiet, silence.length);
    h.append(audio, 10);
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    expect(h.ofType('input_audio_buffer.speech_started')).toHaveLength(0);
    const completed = h.ofType('conversation.item.input_audio_transcription.completed')[0];
    expect(completed?.usage).toEqual({ type: 'duration', seconds: audio.length / 24000 });
    expect(completed?.transcript).toBe('alpha bravo');
  });

  it('ends an item the client has seen with transcription.failed when clear drops it', async () => {
    const h = harness(new ToneRecognizer({ chunkMs: 100 }));
    const audio = clip('alpha bravo charlie');
    for (let i = 0; i < audio.length; i += 4800) {
      h.append(audio.subarray(i, i + 4800));
      await h.session.settled();
    }
    const seen = h.ofType('conversation.item.input_audio_transcription.delta')[0]?.item_id;
    expect(seen).toBeDefined();
    h.send({ type: 'input_audio_buffer.clear' });
    await h.session.settled();
    const failed = h.ofType('conversation.item.input_audio_transcription.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      item_id: seen,
      error: { type: 'invalid_request_error', code: 'input_audio_buffer_cleared' },
    });
    expect(h.ofType('conversation.item.input_audio_transcription.completed')).toHaveLength(0);
  });

  it('sends nothing more for a cleared item nobody saw', async () => {
    const h = harness(new ToneRecognizer({ chunkMs: 10_000 }));
    h.append(clip('alpha'), 2);
    h.send({ type: 'input_audio_buffer.clear' });
    await h.session.settled();
    expect(h.events.map((e) => e.type)).toEqual(['session.created', 'input_audio_buffer.cleared']);
  });
});

describe('speech_stopped.audio_end_ms', () => {
  it('includes the silence the VAD waited, as OpenAI defines it', async () => {
    // The same audio under two silence_duration_ms settings: audio_end_ms moves by their difference.
    const endMs = async (silence: number) => {
      const h = harness(new ToneRecognizer(), {
        turnDetection: { ...DEFAULT_SERVER_VAD, silence_duration_ms: silence },
      });
      const speech = clip('alpha bravo');
      const audio = new Float32Array(24000 + speech.length + 24000 * 1.5);
      audio.set(speech, 24000);
      h.append(audio, 40);
      await h.session.settled();
      return h.ofType('input_audio_buffer.speech_stopped')[0]?.audio_end_ms ?? Number.NaN;
    };
    const short = await endMs(300);
    const long = await endMs(800);
    expect(Math.abs(long - short - 500)).toBeLessThanOrEqual(40);
  });
});
