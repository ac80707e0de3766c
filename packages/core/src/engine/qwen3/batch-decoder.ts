/**
 * Decodes of several streams in one ONNX Runtime call per stage, through a variant's batched graphs
 * (`LAYOUT_V2_BATCHED`). The windows are taken in groups of similar length (padding costs
 * compute): per group, one encoder call (each row's mel zero-padded to the group's longest, its
 * real `frames` given; one call per window without a batched encoder) and one `decoder_init`
 * call (prompts left-padded, `attention_mask` 0 on the padding, each row's positions from 0);
 * then the groups' KV caches are joined and every row still generating takes its steps in one
 * `decoder_step` call per token, each with its own position and the mask grown by one column.
 * A row stops as it would alone (`Generation`: EOS, the token bound, a repetition loop); rows that
 * stopped are dropped from the KV cache once they are half of it. Every row gets the tokens it
 * would get decoded alone (tested token for token); an aborted row alone rejects.
 */
import type { JobOutcome } from '../batch-queue.ts';
import { floatData, floatInput } from '../onnx/float16.ts';
import type { OrtModule, OrtSession, OrtTensor } from '../onnx/ort.ts';
import type { Generation, GenerationRequest } from './generation.ts';
import { buildPrompt } from './generation.ts';
import { KvCache } from './kv-cache.ts';
import { argmax, type DecodeResult, logProbability, type Qwen3AsrModel } from './qwen3-model.ts';

/** One window to decode: its log-mel and what the decode is asked for. */
export interface AudioDecodeJob extends Omit<GenerationRequest, 'audioTokens'> {
  /** Log-mel `[n_mels, frames]`, row-major. */
  readonly mel: Float32Array;
  readonly frames: number;
  /** Cancels the decode, waiting or running (the row alone fails). */
  readonly signal?: AbortSignal;
  /** Aborted when the decode is no longer wanted: it leaves the queue if it waits behind a running batch. */
  readonly withdraw?: AbortSignal;
  /**
   * Its scheduling class when batched (`STREAM_PRIORITY`): 0 a final decode the client waits for
   * (after a commit), 1 a partial decode of an item with no text out yet, 2 other partials.
   */
  readonly priority?: number;
}

/** The batched graphs' sessions (no batched encoder: the windows are encoded one by one). */
export interface BatchedSessions {
  readonly encoder: OrtSession | null;
  readonly decoderInit: OrtSession;
  readonly decoderStep: OrtSession;
}

/** A row of the decoder batch. */
interface Row {
  readonly job: number;
  readonly generation: Generation;
  readonly wantLogprobs: boolean;
  readonly firstLogits: Float32Array;
  readonly promptLength: number;
  token: number;
  position: number;
}

/** A group of rows after its prefill: their KV cache and attention mask `[rows, width]`. */
interface Prefilled {
  readonly rows: Row[];
  readonly kv: KvCache;
  readonly mask: BigInt64Array;
  readonly width: number;
}

/**
 * Windows in one encoder and prefill call differ in length by at most this factor (plus
 * `GROUP_SLACK_FRAMES`): shorter rows are padded to the longest, and padding costs compute, so a
 * batch of mixed lengths is prefilled in groups of similar length, then stepped as one.
 */
const GROUP_RATIO = 1.3;
const GROUP_SLACK_FRAMES = 50;

export class BatchDecoder {
  constructor(
    private readonly model: Qwen3AsrModel,
    private readonly ort: OrtModule,
    private readonly sessions: BatchedSessions,
  ) {}

  /** Releases the batched sessions. */
  async release(): Promise<void> {
    const { encoder, decoderInit, decoderStep } = this.sessions;
    await Promise.all([encoder?.release(), decoderInit.release(), decoderStep.release()]);
  }

  /** Decodes `jobs` together; one outcome per job, in order. */
  async decode(jobs: readonly AudioDecodeJob[]): Promise<JobOutcome<DecodeResult>[]> {
    const outcomes: (JobOutcome<DecodeResult> | undefined)[] = new Array(jobs.length);
    const aborted = (i: number) => {
      const signal = jobs[i]?.signal;
      if (outcomes[i] !== undefined || signal?.aborted !== true) return false;
      outcomes[i] = { ok: false, error: signal.reason ?? new Error('aborted') };
      return true;
    };
    const live = jobs.map((_, i) => i).filter((i) => !aborted(i));
    if (live.length > 0) {
      const groups: Prefilled[] = [];
      try {
        for (const group of groupByLength(live, jobs)) {
          const encoded = await this.encode(group.map((i) => jobs[i] as AudioDecodeJob));
          groups.push(await this.prefill(group, jobs, encoded));
        }
        const merged = mergePrefilled(this.ort, groups);
        groups.length = 0;
        groups.push(merged);
        this.model.kvLocation = merged.kv.location;
        await this.steps(merged.rows, merged.kv, merged.mask, merged.width, aborted);
        for (const row of merged.rows) {
          if (outcomes[row.job] !== undefined) continue;
          const { generation, firstLogits, promptLength } = row;
          outcomes[row.job] = {
            ok: true,
            result: { ids: generation.ids, firstLogits, promptLength, logprobs: generation.logprobs },
          };
        }
      } finally {
        for (const group of groups) group.kv.dispose();
      }
    }
    return outcomes.map((o) => o ?? { ok: false, error: new Error('decode produced no result') });
  }

  /** One encoder call for every window (one each without a batched encoder); each row's `[tokens, hidden]` features. */
  private async encode(
    jobs: readonly AudioDecodeJob[],
  ): Promise<{ features: Float32Array; tokens: number }[]> {
    const { encoder } = this.sessions;
    if (encoder === null) {
      const each = [];
      for (const job of jobs) each.push(await this.model.encode(job.mel, job.frames));
      return each;
    }
    const nMels = this.model.config.mel.n_mels;
    const hidden = this.model.hidden;
    const longest = Math.max(...jobs.map((j) => j.frames));
    const mel = new Float32Array(jobs.length * nMels * longest);
    for (const [b, job] of jobs.entries()) {
      for (let m = 0; m < nMels; m++) {
        mel.set(job.mel.subarray(m * job.frames, (m + 1) * job.frames), (b * nMels + m) * longest);
      }
    }
    const frames = BigInt64Array.from(jobs, (j) => BigInt(j.frames));
    const out = await encoder.run({
      mel: floatInput(this.ort, encoder, 'mel', mel, [jobs.length, nMels, longest]),
      frames: new this.ort.Tensor('int64', frames, [jobs.length]),
    });
    const features = out.audio_features as OrtTensor;
    const data = floatData(features);
    const width = features.dims[1] ?? 0;
    return jobs.map((job, b) => {
      const tokens = this.model.audioTokens(job.frames);
      if (tokens > width || features.dims[2] !== hidden) {
        throw new Error(
          `batched encoder returned [${features.dims.join(', ')}] for ${job.frames} frames; expected ${tokens} tokens of ${hidden}`,
        );
      }
      const start = b * width * hidden;
      return { features: data.slice(start, start + tokens * hidden), tokens };
    });
  }

  /** One `decoder_init` call for the prompts of `live` (left-padded to the longest); their rows after the first token. */
  private async prefill(
    live: readonly number[],
    jobs: readonly AudioDecodeJob[],
    encoded: readonly { features: Float32Array; tokens: number }[],
  ): Promise<Prefilled> {
    const model = this.model;
    const { decoderInit } = this.sessions;
    const hidden = model.hidden;
    const requests = live.map((i, k) => ({ ...jobs[i], audioTokens: encoded[k]?.tokens ?? 0 }));
    const prompts = requests.map((request) => buildPrompt(model.config, model.tokenizer, request));
    const width = Math.max(...prompts.map((p) => p.ids.length));
    const rowsIn = live.length;
    const embeds = new Float32Array(rowsIn * width * hidden);
    const positions = new BigInt64Array(rowsIn * width);
    const mask = new BigInt64Array(rowsIn * width);
    for (const [b, prompt] of prompts.entries()) {
      const pad = width - prompt.ids.length;
      const row0 = b * width + pad;
      const { features, tokens } = encoded[b] as { features: Float32Array; tokens: number };
      model.writePromptEmbeds(prompt.ids, prompt.audioStart, tokens, embeds, row0);
      embeds.set(features, (row0 + prompt.audioStart) * hidden);
      for (let i = 0; i < prompt.ids.length; i++) {
        positions[row0 + i] = BigInt(i);
        mask[row0 + i] = 1n;
      }
    }
    const init = await decoderInit.run({
      input_embeds: floatInput(this.ort, decoderInit, 'input_embeds', embeds, [rowsIn, width, hidden]),
      position_ids: new this.ort.Tensor('int64', positions, [rowsIn, width]),
      attention_mask: new this.ort.Tensor('int64', mask, [rowsIn, width]),
    });
    const kv = new KvCache(init.present_keys as OrtTensor, init.present_values as OrtTensor);
    const vocab = (init.logits as OrtTensor).dims[2] ?? 0;
    const initLogits = floatData(init.logits as OrtTensor);
    const rows: Row[] = live.map((job, b) => {
      const request = requests[b] as GenerationRequest;
      const firstLogits = initLogits.slice(b * vocab, (b + 1) * vocab);
      const token = argmax(firstLogits);
      const generation = model.generation(request);
      const wantLogprobs = request.logprobs === true;
      generation.accept(token, wantLogprobs ? logProbability(firstLogits, token) : 0);
      const promptLength = prompts[b]?.ids.length ?? 0;
      return { job, generation, wantLogprobs, firstLogits, promptLength, token, position: promptLength };
    });
    return { rows, kv, mask, width };
  }

  /** `decoder_step` calls until every row has stopped. */
  private async steps(
    all: readonly Row[],
    kv: KvCache,
    promptMask: BigInt64Array,
    promptWidth: number,
    aborted: (job: number) => boolean,
  ): Promise<void> {
    const { decoderStep } = this.sessions;
    const hidden = this.model.hidden;
    // The rows in the KV cache (in its batch order), and their attention mask so far.
    let rows = [...all];
    let mask = promptMask;
    let width = promptWidth;
    for (;;) {
      for (const row of rows) if (!row.generation.done && aborted(row.job)) row.generation.stop();
      const active = rows.filter((r) => !r.generation.done).length;
      if (active === 0) return;
      if (active * 2 <= rows.length) {
        const kept = rows.flatMap((r, b) => (r.generation.done ? [] : [b]));
        kv.keep(this.ort, kept);
        mask = gatherMask(mask, width, kept);
        rows = kept.map((b) => rows[b] as Row);
      }
      const n = rows.length;
      const step = new Float32Array(n * hidden);
      const positions = new BigInt64Array(n);
      const grown = new BigInt64Array(n * (width + 1));
      for (const [b, row] of rows.entries()) {
        this.model.embed(row.token, step, b);
        positions[b] = BigInt(row.position);
        grown.set(mask.subarray(b * width, (b + 1) * width), b * (width + 1));
        grown[b * (width + 1) + width] = 1n;
      }
      mask = grown;
      width++;
      const logits = await kv.step(decoderStep, {
        input_embeds: floatInput(this.ort, decoderStep, 'input_embeds', step, [n, 1, hidden]),
        position_ids: new this.ort.Tensor('int64', positions, [n, 1]),
        attention_mask: new this.ort.Tensor('int64', mask, [n, width]),
      });
      const vocab = logits.length / n;
      for (const [b, row] of rows.entries()) {
        row.position++;
        if (row.generation.done) continue;
        const own = logits.subarray(b * vocab, (b + 1) * vocab);
        row.token = argmax(own);
        row.generation.accept(row.token, row.wantLogprobs ? logProbability(own, row.token) : 0);
      }
    }
  }
}

/** The rows `kept` of a `[B, width]` attention mask. */
function gatherMask(mask: BigInt64Array, width: number, kept: readonly number[]): BigInt64Array {
  const out = new BigInt64Array(kept.length * width);
  for (const [k, b] of kept.entries()) out.set(mask.subarray(b * width, (b + 1) * width), k * width);
  return out;
}

/** `live` (job indices) in groups of similar window length, shortest first (see `GROUP_RATIO`). */
function groupByLength(live: readonly number[], jobs: readonly AudioDecodeJob[]): number[][] {
  const frames = (i: number) => jobs[i]?.frames ?? 0;
  const groups: number[][] = [];
  let shortest = 0;
  for (const i of [...live].sort((a, b) => frames(a) - frames(b))) {
    const group = groups.at(-1);
    if (group !== undefined && frames(i) <= shortest * GROUP_RATIO + GROUP_SLACK_FRAMES) group.push(i);
    else {
      groups.push([i]);
      shortest = frames(i);
    }
  }
  return groups;
}

/** One batch of the groups' rows: their KV caches and masks left-padded to the widest, one after another. */
function mergePrefilled(ort: OrtModule, groups: readonly Prefilled[]): Prefilled {
  if (groups.length === 1) return groups[0] as Prefilled;
  const width = Math.max(...groups.map((g) => g.width));
  const rows = groups.flatMap((g) => g.rows);
  const mask = new BigInt64Array(rows.length * width);
  let at = 0;
  for (const group of groups) {
    for (let r = 0; r < group.rows.length; r++, at++) {
      mask.set(group.mask.subarray(r * group.width, (r + 1) * group.width), at * width + width - group.width);
    }
  }
  const kv = KvCache.concatLeftPadded(
    ort,
    groups.map((g) => g.kv),
    width,
  );
  return { rows, kv, mask, width };
}
