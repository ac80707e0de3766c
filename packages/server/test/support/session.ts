/** TEST ONLY: protocol steps over a `TestClient` (configure, append, commit, wait for the transcript). */
import { encodeBase64, encodePcm16 } from '@earshot/core/audio';
import { type TestClient, wireSessionUpdate } from '@earshot/testkit/conformance';
import { speakTones } from '@earshot/testkit/tones';
import { openClient } from './clients.ts';

/** Sends a manual-commit `session.update` (PCM16 at `rate`, default 24 kHz) and waits for `session.updated`. */
export async function configure(
  client: TestClient,
  model: string,
  extra: Record<string, unknown> = {},
  rate = 24000,
) {
  const from = client.events.length;
  client.send(
    wireSessionUpdate({
      format: { type: 'audio/pcm', rate },
      transcription: { model, language: 'en', ...extra },
    }),
  );
  return client.next('session.updated', 5000, from);
}

/** Appends `samples` (at the session's rate) in `chunks` events. */
export function appendAudio(client: TestClient, samples: Float32Array, chunks = 5): void {
  const bytes = encodePcm16(samples);
  const step = Math.ceil(bytes.length / chunks);
  for (let i = 0; i < bytes.length; i += step) {
    client.send({ type: 'input_audio_buffer.append', audio: encodeBase64(bytes.subarray(i, i + step)) });
  }
}

/** Appends `samples` (in `chunks` events), commits, and resolves to the item's `completed` transcript. */
export async function transcribeSamples(
  client: TestClient,
  samples: Float32Array,
  timeoutMs = 10_000,
  chunks = 5,
) {
  const from = client.events.length;
  appendAudio(client, samples, chunks);
  client.send({ type: 'input_audio_buffer.commit' });
  const committed = await client.next('input_audio_buffer.committed', timeoutMs, from);
  const completed = await client.waitFor(
    (e) =>
      e.type === 'conversation.item.input_audio_transcription.completed' && e.item_id === committed.item_id,
    timeoutMs,
    from,
  );
  return completed.transcript as string;
}

/** Tone words at 24 kHz (for the test-only tone recognizer). */
export function tones(text: string): Float32Array {
  return speakTones(text.split(' '), 24000);
}

/** Configures the session and transcribes tone words; resolves to the transcript. */
export async function transcribeTones(client: TestClient, text: string, model = 'earshot-test-tones') {
  await configure(client, model);
  return transcribeSamples(client, tones(text));
}

/**
 * The two sessions of the drain tests, on `url`: `busy` configured for `model` with the tones of
 * `text` committed (resolves once `committed` arrived), and `idle`, only opened.
 */
export async function busyAndIdle(url: string, model: string, text: string, timeoutMs = 5000) {
  const busy = await openClient(url);
  const idle = await openClient(url);
  await configure(busy, model);
  await idle.next('session.created', timeoutMs);
  appendAudio(busy, tones(text));
  busy.send({ type: 'input_audio_buffer.commit' });
  await busy.next('input_audio_buffer.committed', timeoutMs);
  return { busy, idle };
}
