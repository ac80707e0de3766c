/**
 * The official `openai` SDK, unmodified, against the server: `OpenAIRealtimeWS` over TLS with a
 * Bearer key with `{model}` (SDK 6.x, the line that runs on Node 20, has no `{intent}` form; the
 * `?intent=transcription` URL of SDK 7.x is covered by the URL tests), and the REST transcription
 * API (json and stream). With the tone recognizer always; with the embedded
 * model and an espeak clip when the model is present.
 */
import { once } from 'node:events';
import { encodeBase64, encodePcm16, encodeWavPcm16, resampleClip } from '@earshot/core/audio';
import type { Recognizer } from '@earshot/core/engine';
import { wireSessionUpdate, wordErrorRate } from '@earshot/testkit/conformance';
import { ToneRecognizer } from '@earshot/testkit/tones';
import OpenAI, { toFile } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type {
  ConversationItemInputAudioTranscriptionCompletedEvent,
  SessionCreatedEvent,
  SessionUpdatedEvent,
  SessionUpdateEvent,
} from 'openai/resources/realtime/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedRecognizer, fixture16k, withModel } from './support/model.ts';
import { startServer, type TestServer } from './support/server.ts';
import { tones } from './support/session.ts';
import { selfSignedCert } from './support/tls.ts';

const KEY = 'sk-earshot-sdk-test';

/** Opens an SDK realtime session, configures it, transcribes 24 kHz `samples`; resolves to the typed event. */
async function sdkTranscribe(
  client: OpenAI,
  props: { model: string },
  ca: string,
  model: string,
  samples: Float32Array,
) {
  const rt = new OpenAIRealtimeWS({ ...props, options: { ca } }, client);
  const errors: unknown[] = [];
  rt.on('error', (error) => errors.push(error));
  const created = new Promise<SessionCreatedEvent>((resolve) => rt.on('session.created', resolve));
  const updated = new Promise<SessionUpdatedEvent>((resolve) => rt.on('session.updated', resolve));
  const completed = new Promise<ConversationItemInputAudioTranscriptionCompletedEvent>((resolve) =>
    rt.on('conversation.item.input_audio_transcription.completed', resolve),
  );
  await once(rt.socket, 'open');
  expect((await created).session.type).toBe('transcription');
  rt.send(wireSessionUpdate({ transcription: { model, language: 'en' } }) as SessionUpdateEvent);
  await updated;
  const pcm = encodePcm16(samples);
  for (let i = 0; i < pcm.length; i += 9600) {
    rt.send({ type: 'input_audio_buffer.append', audio: encodeBase64(pcm.subarray(i, i + 9600)) });
  }
  rt.send({ type: 'input_audio_buffer.commit' });
  const event = await completed;
  rt.close();
  expect(errors).toEqual([]);
  return event;
}

function defineSdkSuite(
  name: string,
  load: () => Promise<Recognizer>,
  clip: () => { text: string; samples24k: Float32Array },
) {
  describe(name, () => {
    let tls: TestServer;
    let plain: TestServer;
    let cert: string;
    let recognizer: Recognizer;
    beforeAll(async () => {
      recognizer = await load();
      const pems = await selfSignedCert();
      cert = pems.cert;
      tls = await startServer({ recognizer, tls: pems, apiKeys: [KEY] });
      plain = await startServer({ recognizer, apiKeys: [KEY] });
    });
    afterAll(async () => {
      await tls?.close();
      await plain?.close();
    });

    const sdk = (server: TestServer) => new OpenAI({ apiKey: KEY, baseURL: server.urls.api, maxRetries: 0 });

    it('OpenAIRealtimeWS {model} over wss with Bearer: created, update/append/commit → typed completed', async () => {
      expect(tls.urls.api).toMatch(/^https:/);
      const { text, samples24k } = clip();
      const event = await sdkTranscribe(
        sdk(tls),
        { model: recognizer.model },
        cert,
        recognizer.model,
        samples24k,
      );
      expect(event.type).toBe('conversation.item.input_audio_transcription.completed');
      expect(event.usage).toMatchObject({ type: 'duration' });
      expect(wordErrorRate(text, event.transcript)).toBeLessThanOrEqual(0.15);
    });

    it('the SDK surfaces a wrong key as an invalid_api_key error', async () => {
      const client = new OpenAI({ apiKey: 'sk-wrong', baseURL: tls.urls.api, maxRetries: 0 });
      const rt = new OpenAIRealtimeWS({ model: recognizer.model, options: { ca: cert } }, client);
      const error = await new Promise<{ error?: { code?: string } }>((resolve) =>
        rt.on('error', resolve as never),
      );
      expect(error.error?.code).toBe('invalid_api_key');
      const [code] = (await once(rt.socket, 'close')) as [number];
      expect(code).toBe(3000);
    });

    it('audio.transcriptions.create: json and stream', async () => {
      const { text, samples24k } = clip();
      const file = () => toFile(encodeWavPcm16(samples24k, 24000), 'clip.wav', { type: 'audio/wav' });
      const json = await sdk(plain).audio.transcriptions.create({
        file: await file(),
        model: recognizer.model,
      });
      expect(wordErrorRate(text, json.text)).toBeLessThanOrEqual(0.15);
      const stream = await sdk(plain).audio.transcriptions.create({
        file: await file(),
        model: recognizer.model,
        stream: true,
      });
      const types: string[] = [];
      let done = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'transcript.text.done') done = event.text;
      }
      expect(types.at(-1)).toBe('transcript.text.done');
      expect(done).toBe(json.text);
    });
  });
}

defineSdkSuite(
  'openai SDK against the server (tone recognizer)',
  async () => new ToneRecognizer({ decodeMs: 1 }),
  () => ({ text: 'alpha bravo charlie delta', samples24k: tones('alpha bravo charlie delta') }),
);

withModel('openai SDK against the embedded model', 'transcribes an espeak clip', () => {
  defineSdkSuite('openai SDK against the server (embedded model, espeak clip)', embeddedRecognizer, () => ({
    text: 'turn on the kitchen lights',
    samples24k: resampleClip(fixture16k('kitchen-lights'), 16000, 24000),
  }));
});
