/**
 * A Qwen3-ASR replica (the public layout-v2 file set with real dimensions, random weights) through
 * `earshot serve`'s session path: it loads with the loader users get, and a clip streamed over a
 * real `/v1/realtime` socket gives the protocol's events. CI uses the reduced replica (2 + 2
 * layers, full vocabulary); `EARSHOT_REPLICA=<folder>` runs it on another (npm run test:replica).
 * Random weights never stop by themselves, so decodes are capped (`maxNewTokens`); the
 * transcript is noise and is not checked.
 */
import { logMelSpectrogram, resampleClip } from '@earshot/core/audio';
import { type AudioDecodeJob, Qwen3AsrModel, syntheticSpeech } from '@earshot/core/engine';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsModelSource, loadNodeRecognizer } from '../../src/index.ts';
import { openClient } from '../support/clients.ts';
import { fixture16k } from '../support/model.ts';
import { reducedReplica } from '../support/replica.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { appendAudio, configure } from '../support/session.ts';

const replicaFolder = () => process.env.EARSHOT_REPLICA ?? reducedReplica();
let served: TestServer;
let model = '';
const rss: number[] = [];

describe('a Qwen3-ASR replica served over /v1/realtime', () => {
  beforeAll(async () => {
    const folder = replicaFolder();
    const recognizer = await loadNodeRecognizer({ folder, device: 'cpu', threads: 2, maxNewTokens: 8 });
    expect(recognizer.asr.config.decoder.vocab_size).toBe(151_936);
    expect(recognizer.asr.hidden).toBeGreaterThanOrEqual(1024);
    expect(recognizer.languages).toHaveLength(30);
    model = recognizer.model;
    served = await startServer({ recognizer });
  }, 300_000);
  afterAll(() => served?.close());

  it('streams clips and answers with committed, delta and completed for each item', async () => {
    const client = await openClient(served.realtimeUrl());
    await client.next('session.created', 5000);
    await configure(client, model);
    const clip = resampleClip(fixture16k('timer'), 16000, 24000);
    for (let item = 0; item < 3; item++) {
      const from = client.events.length;
      appendAudio(client, clip, 20);
      client.send({ type: 'input_audio_buffer.commit' });
      const committed = await client.next('input_audio_buffer.committed', 60_000, from);
      const completed = await client.waitFor(
        (e) =>
          e.type === 'conversation.item.input_audio_transcription.completed' &&
          e.item_id === committed.item_id,
        240_000,
        from,
      );
      const deltas = client.events
        .slice(from)
        .filter(
          (e) =>
            e.type === 'conversation.item.input_audio_transcription.delta' && e.item_id === committed.item_id,
        )
        .map((e) => e.delta as string)
        .join('');
      expect(typeof completed.transcript).toBe('string');
      expect(deltas).toBe(completed.transcript);
      expect(completed.usage).toMatchObject({ type: 'duration' });
      expect(client.events.slice(from).some((e) => e.type === 'error')).toBe(false);
      rss.push(process.memoryUsage().rss);
    }
    // Memory stays bounded from item to item (no growth per decode): reported, not asserted.
    console.info(`replica RSS after each item: ${rss.map((b) => (b / 1e6).toFixed(0)).join(', ')} MB`);
  }, 600_000);
});

describe("the replica's batched decoders (training/replica.py)", () => {
  it('decode windows of three lengths together, each row as it decodes alone', async () => {
    const model = await Qwen3AsrModel.load({
      ort,
      source: new FsModelSource(replicaFolder()),
      openByPath: true,
      batching: true,
      fixedNewTokens: 4,
      sessionOptions: { executionProviders: ['cpu'], intraOpNumThreads: 2 },
    });
    try {
      const jobs: AudioDecodeJob[] = [0.7, 1.5, 2.3].map((seconds, i) => {
        const mel = logMelSpectrogram(syntheticSpeech(seconds, i + 3), model.melConfig, model.melFilters);
        return { mel: mel.data, frames: mel.frames };
      });
      const alone = [];
      for (const job of jobs) alone.push(await model.decodeAlone(job));
      const outcomes = (await model.batch?.decode(jobs)) ?? [];
      expect(outcomes).toHaveLength(3);
      const maxDiff = (a: Float32Array, b: Float32Array) =>
        a.reduce((m, v, k) => Math.max(m, Math.abs(v - (b[k] ?? 0))), 0);
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.ok) throw outcome.error;
        const own = alone[i];
        if (own === undefined) throw new Error('no decode alone');
        expect(outcome.result.ids).toEqual(own.ids);
        // Each row's own prompt (the three windows give three lengths) and logits (a padded row's
        // float sums differ in the last places).
        expect(outcome.result.promptLength).toBe(own.promptLength);
        expect(maxDiff(outcome.result.firstLogits, own.firstLogits)).toBeLessThan(0.05);
      }
      expect(new Set(alone.map((r) => r.promptLength)).size).toBe(3);
    } finally {
      await model.release();
    }
  }, 300_000);
});
