/**
 * Decodes on a worker thread (`DecodeThread`, what `earshot serve` runs by default): the same
 * tokens and log-probabilities as decoding in this thread, alone and batched; an abort stops a
 * running decode with its signal's reason; a worker that dies fails only the decodes it held, and
 * the next ones run on a new worker; a folder that does not load rejects with its ModelLoadError.
 */
import type { Worker } from 'node:worker_threads';
import { Qwen3AsrModel } from '@earshot/core/engine';
import { ModelLoadError } from '@earshot/core/model';
import { normalizeTranscript } from '@earshot/core/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeThread, loadNodeModel, loadThreadedRecognizer } from '../../src/model/index.ts';
import { CLIPS, concat, decodeJob, fixture16k, withModel } from '../support/model.ts';

type Name = keyof typeof CLIPS;

withModel('decodes on a worker thread (embedded model)', 'same tokens as in this thread', () => {
  describe('decodes on a worker thread (embedded model)', () => {
    const batch = { maxBatch: 8, waitMs: 2 };
    let local: Qwen3AsrModel;
    let thread: DecodeThread;
    const restarts: number[] = [];
    beforeAll(async () => {
      local = await loadNodeModel({ threads: 1, batch });
      thread = await DecodeThread.start(
        { threads: 1, batch },
        { onRestart: (info) => restarts.push(info.restarts) },
      );
    }, 60_000);
    afterAll(async () => {
      await thread?.close();
      await local?.release();
    });

    it('gives the tokens and log-probabilities of decoding in this thread, alone and batched', async () => {
      const english = local.config.language_prefix_ids.en ?? [];
      const jobs = [
        decodeJob(local, fixture16k('kitchen-lights'), { logprobs: true }),
        decodeJob(local, concat((['timer', 'call'] as Name[]).map(fixture16k)), { assistantIds: english }),
        decodeJob(local, fixture16k('door')),
      ];
      const here = await Promise.all(jobs.map((j) => local.decodeAlone(j)));
      expect(here[0]?.ids.length).toBeGreaterThan(2);
      for (const [i, j] of jobs.entries()) {
        const there = await thread.decodeAlone(j);
        expect(there.ids).toEqual(here[i]?.ids);
        expect(there.logprobs).toEqual(here[i]?.logprobs);
        expect(there.promptLength).toBe(here[i]?.promptLength);
      }
      expect(thread.decodeBatch).not.toBeNull();
      const batched = await thread.decodeBatch?.(jobs);
      expect(batched?.map((o) => (o.ok ? o.result.ids : null))).toEqual(here.map((r) => r.ids));
    });

    it('stops a decode aborted after it was sent, with the signal’s reason', async () => {
      const controller = new AbortController();
      const reason = new Error('client went away');
      const decoding = thread.decodeAlone(
        decodeJob(local, fixture16k('kitchen-lights'), { signal: controller.signal }),
      );
      controller.abort(reason);
      await expect(decoding).rejects.toBe(reason);
      // The thread goes on.
      expect((await thread.decodeAlone(decodeJob(local, fixture16k('door')))).ids.length).toBeGreaterThan(0);
    });

    it('fails only the decodes a dead worker held, and decodes the next ones on a new worker', async () => {
      const held = thread.decodeAlone(decodeJob(local, fixture16k('kitchen-lights')));
      await (thread as unknown as { worker: Worker }).worker.terminate();
      await expect(held).rejects.toThrow(/decode thread stopped/);
      const after = await thread.decodeAlone(decodeJob(local, fixture16k('kitchen-lights')));
      expect(after.ids).toEqual(
        (await local.decodeAlone(decodeJob(local, fixture16k('kitchen-lights')))).ids,
      );
      expect(thread.restarts).toBe(1);
      expect(restarts).toEqual([1]);
    });

    it('serves streams through a recognizer that keeps only the model’s description in this thread', async () => {
      const { recognizer, thread: own } = await loadThreadedRecognizer({ threads: 1 });
      try {
        expect(recognizer.asr).not.toBeInstanceOf(Qwen3AsrModel);
        const result = await recognizer.transcribe(fixture16k('kitchen-lights'));
        expect(normalizeTranscript(result.text)).toBe(normalizeTranscript(CLIPS['kitchen-lights']));
      } finally {
        await own.close();
      }
    });
  });
});

describe('decode thread load errors', () => {
  it('rejects with the ModelLoadError the worker met', async () => {
    const failure = DecodeThread.start({ folder: '/nonexistent/earshot-model' });
    await expect(failure).rejects.toBeInstanceOf(ModelLoadError);
    await expect(failure).rejects.toMatchObject({ code: expect.stringMatching(/^EARSHOT_ERR_MODEL_/) });
  });
});
