/**
 * 200 s of speech in one `input_audio_buffer.append`, against the embedded model: the audio is
 * decoded in windows of at most `maxWindowSeconds` (16 s), and a canary session on the same
 * server, committing after the flood arrived, gets its exact transcript before the flood's.
 */
import { Qwen3Stream, type RecognitionStream, type Recognizer } from '@earshot/core/engine';
import { describe, expect, it } from 'vitest';
import { openClient } from '../support/clients.ts';
import {
  CLIPS,
  concat,
  embeddedRecognizer,
  fixture16k,
  MODEL_MISSING,
  MODEL_READY,
} from '../support/model.ts';
import { startServer } from '../support/server.ts';
import { configure, transcribeSamples } from '../support/session.ts';

/** `inner` with every stream it starts kept, to read their stats afterwards. */
function watched(inner: Recognizer): { recognizer: Recognizer; streams: RecognitionStream[] } {
  const streams: RecognitionStream[] = [];
  const recognizer: Recognizer = {
    model: inner.model,
    languages: inner.languages,
    start(options) {
      const stream = inner.start(options);
      streams.push(stream);
      return stream;
    },
  };
  return { recognizer, streams };
}

describe.skipIf(!MODEL_READY)('a 200 s append (embedded model)', () => {
  it('is decoded in windows of at most 16 s, and a canary committing after it finishes first, unchanged', async () => {
    const { recognizer, streams } = watched(await embeddedRecognizer());
    const server = await startServer({ recognizer });
    try {
      const phrases = Object.keys(CLIPS) as Array<keyof typeof CLIPS>;
      const round = concat(phrases.map(fixture16k), 1.0);
      const rounds = Math.ceil((200 * 16000) / round.length);
      const flood = concat(
        Array.from({ length: rounds }, () => round),
        1.0,
      );
      const floodWords = rounds * Object.values(CLIPS).join(' ').split(' ').length;
      expect(flood.length / 16000).toBeGreaterThanOrEqual(200);

      const canary = await openClient(server.realtimeUrl());
      await configure(canary, recognizer.model, {}, 16000);
      const alone = await transcribeSamples(canary, fixture16k('kitchen-lights'));
      expect(alone).toBe('turn on the kitchen lights');

      const abuser = await openClient(server.realtimeUrl());
      await configure(abuser, recognizer.model, {}, 16000);
      const floodDone = transcribeSamples(abuser, flood, 600_000, 1);
      // The canary's turn starts once the flood is in the server's hands (its first window decoding).
      await abuser.next('input_audio_buffer.committed', 120_000);
      const order: string[] = [];
      const canaryDone = transcribeSamples(canary, fixture16k('kitchen-lights'), 120_000).then((text) => {
        order.push('canary');
        return text;
      });
      void floodDone.then(() => order.push('flood'));
      expect(await canaryDone).toBe(alone);
      const floodText = await floodDone;
      expect(order).toEqual(['canary', 'flood']);
      // All of it is transcribed (the embedded model drops or merges a few words of 200 s).
      expect(floodText.split(' ').length).toBeGreaterThan(0.8 * floodWords);
      expect(floodText.split('turn on the kitchen lights').length - 1).toBeGreaterThanOrEqual(rounds / 2);
      const widest = Math.max(
        ...streams.map((s) => (s instanceof Qwen3Stream ? s.stats.widestWindowSeconds : 0)),
      );
      // Cut at its pauses as if streamed: phrase-sized windows, far under the bound.
      expect(widest).toBeGreaterThan(0);
      expect(widest).toBeLessThanOrEqual(16);
    } finally {
      await server.close();
    }
  }, 900_000);
});

describe.skipIf(!MODEL_READY)('a minute without a pause in one append (embedded model)', () => {
  it('is still decoded in windows of at most 16 s', async () => {
    const { recognizer, streams } = watched(await embeddedRecognizer());
    const stream = recognizer.start({ language: 'en' });
    // Babble: three voices, offset, so that no 0.4 s run is quiet enough to be a pause.
    const phrases = (Object.keys(CLIPS) as Array<keyof typeof CLIPS>).map(fixture16k);
    const voice = concat(
      Array.from({ length: 12 }, () => concat(phrases, 0)),
      0,
    );
    const noise = new Float32Array(60 * 16000);
    for (const offset of [0, 8500, 17600]) {
      for (let i = 0; i < noise.length; i++) noise[i] = (noise[i] ?? 0) + (voice[i + offset] ?? 0) / 3;
    }
    stream.append(noise);
    await stream.finalize();
    stream.close();
    const [only] = streams;
    expect(only).toBeInstanceOf(Qwen3Stream);
    const { decodes, widestWindowSeconds } = (only as Qwen3Stream).stats;
    expect(widestWindowSeconds).toBeGreaterThan(8);
    expect(widestWindowSeconds).toBeLessThanOrEqual(16);
    expect(decodes).toBeGreaterThanOrEqual(4);
  }, 300_000);
});

describe.skipIf(MODEL_READY)('a 200 s append (embedded model)', () => {
  it.skip(MODEL_MISSING, () => {});
});
