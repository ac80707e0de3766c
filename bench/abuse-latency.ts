/**
 * Abuse latency: a canary session's commit → `completed` latency on an in-process `EarshotServer`
 * (embedded model, one ORT thread), alone and, in the same run, while other clients abuse the
 * server: one sends 200 s of speech in one append and commits; one sends `session.update`s whose
 * `include` holds a million items; one uploads a WAV claiming 1 Hz. Prints p50 and max of each
 * phase and the ratio abused / alone. Target (issue 14): the canary's commit → completed stays
 * ≤ 3 s during the 200 s append.
 *
 * Run: node --conditions=earshot-source --import tsx bench/abuse-latency.ts [--rounds 8] [--flood 200]
 */
import { parseArgs } from 'node:util';
import { encodeBase64, encodePcm16, encodeWavPcm16 } from '@earshot/core/audio';
import { RealtimeClient, type RealtimeSocketLike, waitOpen } from '@earshot/core/client';
import { WebSocket } from 'ws';
import { EarshotServer, loadNodeRecognizer } from '../packages/server/src/index.ts';
import { machine, median, referenceClips, repeatedSpeech } from './support.ts';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '8' }, flood: { type: 'string', default: '200' } },
});
const ROUNDS = Number(args.rounds);
const FLOOD_SECONDS = Number(args.flood);
const RATE = 16000;

async function client(url: string, model: string): Promise<RealtimeClient> {
  const ws = new WebSocket(url);
  const c = new RealtimeClient(ws as unknown as RealtimeSocketLike, { record: true });
  await waitOpen(c.socket, 10_000);
  c.update({ format: { type: 'audio/pcm', rate: RATE }, model, language: 'en', turnDetection: null });
  await c.waitFor('session.updated', { timeoutMs: 10_000 });
  return c;
}

/** Appends `samples` in one event, commits, and resolves to the commit → completed time in ms. */
async function commitLatency(c: RealtimeClient, samples: Float32Array, timeoutMs = 600_000): Promise<number> {
  const from = c.events.length;
  c.send({ type: 'input_audio_buffer.append', audio: encodeBase64(encodePcm16(samples)) });
  const sent = performance.now();
  c.commit();
  const committed = await c.waitFor('input_audio_buffer.committed', { timeoutMs, from });
  await c.waitFor('conversation.item.input_audio_transcription.completed', {
    timeoutMs,
    from,
    where: (e) => e.item_id === committed.item_id,
  });
  return performance.now() - sent;
}

async function main(): Promise<void> {
  const recognizer = await loadNodeRecognizer({ device: 'cpu', threads: 1 });
  const server = new EarshotServer({ recognizer, processMetrics: false, pingIntervalSeconds: 0 });
  await server.listen(0, '127.0.0.1');
  const api = server.urls().api;
  const url = `${api.replace(/^http/, 'ws')}/realtime?intent=transcription`;
  const clips = referenceClips();
  const phrase = clips[0]?.samples ?? new Float32Array(RATE);
  const canary = await client(url, recognizer.model);
  const p = (values: number[]) =>
    `p50 ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;

  await commitLatency(canary, phrase); // warm-up
  const alone: number[] = [];
  for (let i = 0; i < ROUNDS; i++) alone.push(await commitLatency(canary, phrase));

  const flooder = await client(url, recognizer.model);
  const includer = await client(url, recognizer.model);
  const flood = repeatedSpeech(
    FLOOD_SECONDS,
    1.0,
    clips.map((c) => c.samples),
  );
  const floodStart = performance.now();
  const floodDone = commitLatency(flooder, flood).then(() => performance.now());
  let abusing = true;
  const include = JSON.stringify({
    type: 'session.update',
    session: { type: 'transcription', include: new Array<string>(1_000_000).fill('x') },
  });
  const hz1 = encodeWavPcm16(phrase, RATE);
  new DataView(hz1.buffer).setUint32(24, 1, true);
  const side = (async () => {
    while (abusing) {
      includer.sendRaw(include);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(hz1)]), 'x.wav');
      form.append('model', recognizer.model);
      await fetch(`${api}/audio/transcriptions`, { method: 'POST', body: form }).then((r) => r.arrayBuffer());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await flooder.waitFor('input_audio_buffer.committed', { timeoutMs: 120_000 });
  const abused: number[] = [];
  let floodEnded = false;
  void floodDone.then(() => {
    floodEnded = true;
  });
  while (!floodEnded || abused.length < ROUNDS) {
    abused.push(await commitLatency(canary, phrase));
    if (abused.length >= 4 * ROUNDS) break;
  }
  const floodMs = (await floodDone) - floodStart;
  abusing = false;
  await side;

  console.log(machine());
  console.log(`canary alone (${alone.length} commits): ${p(alone)}`);
  console.log(
    `canary during a ${FLOOD_SECONDS} s append, 1M-item session.updates and 1 Hz WAV uploads (${abused.length} commits): ${p(abused)}`,
  );
  console.log(
    `ratio abused/alone: p50 ${(median(abused) / median(alone)).toFixed(2)}, max ${(Math.max(...abused) / Math.max(...alone)).toFixed(2)}`,
  );
  console.log(
    `the ${FLOOD_SECONDS} s append: committed → completed in ${(floodMs / 1000).toFixed(1)} s; include errors: ${includer.ofType('error').length}`,
  );
  console.log(
    `target: canary max ≤ 3000 ms during the append → ${Math.max(...abused) <= 3000 ? 'met' : 'NOT met'}`,
  );
  for (const c of [canary, flooder, includer]) c.close();
  await server.shutdown();
}

await main();
