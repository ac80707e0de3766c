import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBase64, encodePcm16, parseWav, resampleClip } from '@earshot/core/audio';
import { EnergySpeechScorer, type SpeechScorer, VadSegmenter } from '@earshot/core/vad';
import { AUDIO_FIXTURES } from '@earshot/testkit/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeSileroVad } from '../../src/model/index.ts';
import { openClient } from '../support/clients.ts';
import { embeddedRecognizer } from '../support/model.ts';
import { startServer } from '../support/server.ts';

const FIXTURES = AUDIO_FIXTURES;
const clip = (name: string) => parseWav(new Uint8Array(readFileSync(join(FIXTURES, name)))).samples;

/** Two espeak clips (16 kHz) with silence around and between them; returns their spans. */
function conversation() {
  const a = clip('weather-16k.wav');
  const b = clip('digits-16k.wav');
  const gap = 16000 * 1.5;
  const audio = new Float32Array(8000 + a.length + gap + b.length + 16000);
  audio.set(a, 8000);
  audio.set(b, 8000 + a.length + gap);
  return {
    audio,
    spans: [
      [8000, 8000 + a.length],
      [8000 + a.length + gap, 8000 + a.length + gap + b.length],
    ],
  };
}

async function turns(scorer: SpeechScorer, audio: Float32Array) {
  const segmenter = new VadSegmenter(scorer, { threshold: 0.5, silenceDurationMs: 500 });
  const events = [];
  for (let i = 0; i < audio.length; i += 1600)
    events.push(...(await segmenter.process(audio.subarray(i, i + 1600))));
  return events;
}

describe('SileroVad (v5, onnxruntime-node)', () => {
  let vad: Awaited<ReturnType<typeof loadNodeSileroVad>>;
  beforeAll(async () => {
    vad = await loadNodeSileroVad();
  });

  it('finds the two utterances of a clip with a silence gap, within 150 ms of their edges', async () => {
    const { audio, spans } = conversation();
    const events = await turns(vad.scorer(), audio);
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'speech_end', 'speech_start', 'speech_end']);
    const [s1, e1, s2, e2] = events.map((e) => e.sample);
    const tolerance = 0.15 * 16000;
    // espeak clips carry a little leading/trailing silence of their own, so speech lies inside each span.
    expect(s1).toBeGreaterThanOrEqual((spans[0]?.[0] ?? 0) - tolerance);
    expect(e1).toBeLessThanOrEqual((spans[0]?.[1] ?? 0) + tolerance);
    expect(s2).toBeGreaterThanOrEqual((spans[1]?.[0] ?? 0) - tolerance);
    expect(e2).toBeLessThanOrEqual((spans[1]?.[1] ?? 0) + tolerance);
  });

  it('scores digital silence as non-speech and speech as speech', async () => {
    const scorer = vad.scorer();
    expect(await scorer.score(new Float32Array(512))).toBeLessThan(0.1);
    const speech = clip('kitchen-lights-16k.wav');
    let best = 0;
    for (let i = 0; i + 512 <= speech.length; i += 512)
      best = Math.max(best, await scorer.score(speech.subarray(i, i + 512)));
    expect(best).toBeGreaterThan(0.9);
  });

  it('agrees with the energy VAD on the number of turns in clean speech', async () => {
    const { audio } = conversation();
    const silero = await turns(vad.scorer(), audio);
    const energy = await turns(new EnergySpeechScorer(), audio);
    expect(silero.length).toBe(energy.length);
  });
});

describe('earshot serve with --vad silero', () => {
  it('detects both turns of a conversation over a real socket and transcribes them', async () => {
    const vad = await loadNodeSileroVad();
    const recognizer = await embeddedRecognizer();
    const served = await startServer({ recognizer, speechScorer: () => vad.scorer() });
    try {
      const client = await openClient(served.realtimeUrl());
      client.send({
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: {
            input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad' } },
          },
        },
      });
      await client.next('session.updated', 10_000);
      const pcm = encodePcm16(resampleClip(conversation().audio, 16000, 24000));
      for (let i = 0; i < pcm.length; i += 4800)
        client.send({ type: 'input_audio_buffer.append', audio: encodeBase64(pcm.subarray(i, i + 4800)) });
      await client.waitFor(
        () => client.ofType('conversation.item.input_audio_transcription.completed').length === 2,
        30_000,
      );
      expect(client.ofType('input_audio_buffer.speech_started')).toHaveLength(2);
      const texts = client
        .ofType('conversation.item.input_audio_transcription.completed')
        .map((e) => e.transcript);
      expect(texts.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
      client.socket.close(1000);
    } finally {
      await served.close();
    }
  });
});
