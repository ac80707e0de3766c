/**
 * Cross-session batching on the embedded model: the batched graphs decode several windows of
 * different lengths and prompts in one call per stage, and every row gets exactly the tokens (and
 * log-probabilities) it gets decoded alone; an aborted row alone fails; the recognizer batches the
 * decodes of concurrent streams and they transcribe as they do one at a time.
 */
import { type AudioDecodeJob, Qwen3AsrModel, Qwen3Recognizer } from '@earshot/core/engine';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsModelSource } from '../../src/model/fs-model-source.ts';
import { EMBEDDED_MODEL_DIR } from '../../src/model/index.ts';
import { CLIPS, concat, decodeJob, fixture16k, MODEL_MISSING, MODEL_READY } from '../support/model.ts';

type Name = keyof typeof CLIPS;

async function load(variant: string): Promise<Qwen3AsrModel> {
  return Qwen3AsrModel.load({
    ort,
    source: new FsModelSource(EMBEDDED_MODEL_DIR),
    variant,
    openByPath: true,
    batching: true,
    sessionOptions: { executionProviders: ['cpu'], intraOpNumThreads: 1 },
  });
}

describe.skipIf(!MODEL_READY)('batched decoding (embedded model)', () => {
  const models = new Map<string, Qwen3AsrModel>();
  beforeAll(async () => {
    for (const variant of ['q4', 'fp32']) models.set(variant, await load(variant));
  }, 60_000);
  afterAll(async () => {
    for (const model of models.values()) await model.release();
  });

  it.each(['q4', 'fp32'])('%s: every row of a batch gets the tokens it gets alone', async (variant) => {
    const model = models.get(variant) as Qwen3AsrModel;
    expect(model.batch).not.toBeNull();
    const english = model.config.language_prefix_ids.en ?? [];
    const forced = model.tokenizer.encode('turn on', { add_special_tokens: false }).ids;
    // Windows from 0.6 s to ~7 s; free decodes, a forced language header, forced text, context ids, logprobs.
    const jobs: AudioDecodeJob[] = [
      decodeJob(model, fixture16k('time')),
      decodeJob(model, fixture16k('kitchen-lights'), {
        assistantIds: [...english, ...forced],
        logprobs: true,
      }),
      decodeJob(model, concat((['timer', 'call', 'door'] as Name[]).map(fixture16k))),
      decodeJob(model, fixture16k('bedroom').subarray(0, 9600), { assistantIds: english }),
      decodeJob(model, fixture16k('call'), {
        contextIds: model.tokenizer.encode('alfa, bravo', { add_special_tokens: false }).ids,
      }),
    ];
    const alone = [];
    for (const j of jobs) alone.push(await model.decodeAlone(j));
    const together = await model.batch?.decode(jobs);
    expect(together).toHaveLength(jobs.length);
    for (const [i, outcome] of (together ?? []).entries()) {
      expect(outcome.ok, `row ${i}`).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.result.ids, `row ${i}`).toEqual(alone[i]?.ids);
      expect(outcome.result.promptLength).toBe(alone[i]?.promptLength);
      expect(outcome.result.logprobs).toHaveLength(alone[i]?.logprobs.length ?? -1);
      for (const [k, p] of outcome.result.logprobs.entries())
        expect(p).toBeCloseTo(alone[i]?.logprobs[k] ?? 0, 4);
    }
    // The rows say different things: the batch did not hand one row's answer to another.
    const texts = (together ?? []).map((o) => (o.ok ? model.tokenizer.decode(o.result.ids) : ''));
    expect(new Set(texts).size).toBe(jobs.length);
  });

  it('an aborted row alone fails; the others complete', async () => {
    const model = models.get('q4') as Qwen3AsrModel;
    const stop = new AbortController();
    stop.abort(new Error('client left'));
    const jobs = [
      decodeJob(model, fixture16k('timer')),
      decodeJob(model, fixture16k('door'), { signal: stop.signal }),
      decodeJob(model, fixture16k('call')),
    ];
    const outcomes = (await model.batch?.decode(jobs)) ?? [];
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const failed = outcomes[1];
    expect(failed?.ok === false && String(failed.error)).toContain('client left');
    expect(outcomes[2]?.ok && outcomes[2].result.ids).toEqual(
      (await model.decodeAlone(jobs[2] as AudioDecodeJob)).ids,
    );
  });

  it('concurrent streams of a batching recognizer transcribe as they do one at a time', async () => {
    const model = models.get('q4') as Qwen3AsrModel;
    const names: Name[] = ['timer', 'call', 'bedroom', 'time', 'door', 'kitchen-lights'];
    const serial = new Qwen3Recognizer(model);
    const batched = new Qwen3Recognizer(model, { batch: { maxBatch: 8, waitMs: 2 } });
    expect(serial.batching).toBe(false);
    expect(batched.batching).toBe(true);
    const transcribe = (recognizer: Qwen3Recognizer, name: Name) =>
      recognizer.transcribe(fixture16k(name), { language: null }).then((h) => h.text);
    const one = [];
    for (const name of names) one.push(await transcribe(serial, name));
    const together = await Promise.all(names.map((name) => transcribe(batched, name)));
    expect(together).toEqual(one);
    expect(one).toEqual(names.map((name) => CLIPS[name]));
    // They did run together: some batch held more than one stream's decode.
    expect(batched.batchStats?.largest).toBeGreaterThan(1);
  });
});

describe.skipIf(MODEL_READY)('batched decoding', () => {
  it.skip(MODEL_MISSING, () => {});
});
