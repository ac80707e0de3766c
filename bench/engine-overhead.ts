/**
 * Engine overhead: `Qwen3AsrModel.encode` + `decode` on a clip, against bare `session.run` calls
 * that feed the same graphs the same inputs (prepared outside the timing). Target ≤ 1.10×.
 * Run: node --conditions=earshot-source --import tsx bench/engine-overhead.ts [--model <folder>] [--variant fp32|q4] [--tokens N] [--rounds N] [--threads N]
 * Default: the embedded model, fp32, its own greedy decode. With a random-weight replica pass
 * `--tokens N`: both paths then run exactly N decoder steps.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { logMelSpectrogram } from '../packages/core/src/audio/index.ts';
import { Qwen3AsrModel } from '../packages/core/src/engine/index.ts';
import { EMBEDDED_MODEL_DIR, FsModelSource } from '../packages/server/src/model/index.ts';
import { machine, median, referenceClips } from './support.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: EMBEDDED_MODEL_DIR },
    variant: { type: 'string', default: 'fp32' },
    tokens: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    threads: { type: 'string', default: '1' },
  },
});
const ROUNDS = Number(args.rounds);
const fixed = args.tokens === undefined ? undefined : Number(args.tokens);
const threads = Number(args.threads);
const options = { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 };
const model = await Qwen3AsrModel.load({
  ort,
  source: new FsModelSource(args.model),
  variant: args.variant,
  openByPath: true,
  sessionOptions: options,
});
const variant = model.config.variants[args.variant];
if (variant === undefined) throw new Error(`no ${args.variant} variant`);
// Bare sessions open the same files the same way (by path: external data beside the graphs).
const open = (file: string) => ort.InferenceSession.create(join(args.model, file), options);
const encoder = await open(variant.encoder);
const init = await open(variant.decoder_init);
const step = await open(variant.decoder_step);

const clip = referenceClips()[0];
if (clip === undefined) throw new Error('no clip');
const mel = logMelSpectrogram(clip.samples, model.melConfig, model.melFilters);

// Engine path, once, to learn the inputs the bare path replays.
const request = (features: Float32Array, tokens: number) => ({
  audioFeatures: features,
  audioTokens: tokens,
  ...(fixed === undefined ? {} : { maxNewTokens: fixed, fixedLength: true }),
});
const { features, tokens } = await model.encode(mel.data, mel.frames);
const result = await model.decode(request(features, tokens));
const hidden = model.hidden;
const { prompt } = model.config;
const ids = [
  ...prompt.prefix_ids,
  ...new Array<number>(tokens).fill(prompt.audio_pad_id),
  ...prompt.suffix_ids,
];
const promptEmbeds = new Float32Array(ids.length * hidden);
ids.forEach((id, row) => {
  model.embed(id, promptEmbeds, row);
});
promptEmbeds.set(features, prompt.prefix_ids.length * hidden);
// The engine feeds each generated token back, except the last when the token bound stopped it.
const limited = result.ids.length >= (fixed ?? prompt.max_new_tokens);
const stepEmbeds = (limited ? result.ids.slice(0, -1) : result.ids).map((id) => {
  const out = new Float32Array(hidden);
  model.embed(id, out, 0);
  return out;
});
const positions = BigInt64Array.from(ids.map((_, i) => BigInt(i)));

async function bare(): Promise<void> {
  await encoder.run({ mel: new ort.Tensor('float32', mel.data, [1, mel.nMels, mel.frames]) });
  const first = await init.run({
    input_embeds: new ort.Tensor('float32', promptEmbeds, [1, ids.length, hidden]),
    position_ids: new ort.Tensor('int64', positions, [1, ids.length]),
  });
  let keys = first.present_keys as ort.Tensor;
  let values = first.present_values as ort.Tensor;
  for (const [i, embeds] of stepEmbeds.entries()) {
    const out = await step.run({
      input_embeds: new ort.Tensor('float32', embeds, [1, 1, hidden]),
      position_ids: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length + i)), [1, 1]),
      past_keys: keys,
      past_values: values,
    });
    keys = out.present_keys as ort.Tensor;
    values = out.present_values as ort.Tensor;
  }
}

async function engine(): Promise<void> {
  const encoded = await model.encode(mel.data, mel.frames);
  await model.decode(request(encoded.features, encoded.tokens));
}

const timesBare: number[] = [];
const timesEngine: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so drift in machine load hits both alike.
  for (const [fn, times] of round % 2
    ? ([
        [bare, timesBare],
        [engine, timesEngine],
      ] as const)
    : ([
        [engine, timesEngine],
        [bare, timesBare],
      ] as const)) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
}
const ratio = median(timesEngine) / median(timesBare);
console.log(machine());
console.log(
  `engine overhead (${model.name}, ${args.variant}, ${threads} thread${threads === 1 ? '' : 's'}): ${ratio.toFixed(3)}x bare session.run (engine ${median(timesEngine).toFixed(2)} ms, bare ${median(timesBare).toFixed(2)} ms, median of ${ROUNDS}; clip ${clip.name}, ${tokens} audio tokens, ${stepEmbeds.length} steps; target <= 1.10x)`,
);
