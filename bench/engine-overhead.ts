/**
 * Engine overhead: `Qwen3AsrModel.encode` + `decode` on a clip, against bare `session.run` calls
 * that feed the same graphs the same inputs (prepared outside the timing). Target ≤ 1.10×.
 * Run: node --import tsx bench/engine-overhead.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { logMelSpectrogram } from '../packages/core/src/audio/index.ts';
import { Qwen3AsrModel } from '../packages/core/src/engine/index.ts';
import { weightFiles } from '../packages/core/src/model/index.ts';
import { EMBEDDED_MODEL_DIR, FsModelSource } from '../packages/server/src/model/index.ts';
import { machine, median, referenceClips } from './support.ts';

const ROUNDS = 15;
const options = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 };
const model = await Qwen3AsrModel.load({
  ort,
  source: new FsModelSource(EMBEDDED_MODEL_DIR),
  variant: 'fp32',
  sessionOptions: options,
});
const variant = model.config.variants.fp32;
if (variant === undefined) throw new Error('no fp32 variant');
const file = (name: string) => new Uint8Array(readFileSync(join(EMBEDDED_MODEL_DIR, name)));
const weights = weightFiles(variant).map((path) => ({ path, data: file(path) }));
const encoder = await ort.InferenceSession.create(file(variant.encoder), options);
const init = await ort.InferenceSession.create(file(variant.decoder_init), {
  ...options,
  externalData: weights,
});
const step = await ort.InferenceSession.create(file(variant.decoder_step), {
  ...options,
  externalData: weights,
});

const clip = referenceClips()[0];
if (clip === undefined) throw new Error('no clip');
const mel = logMelSpectrogram(clip.samples, model.melConfig, model.melFilters);

// Engine path, once, to learn the inputs the bare path replays.
const { features, tokens } = await model.encode(mel.data, mel.frames);
const result = await model.decode({ audioFeatures: features, audioTokens: tokens });
const hidden = model.hidden;
const { prompt } = model.config;
const ids = [
  ...prompt.prefix_ids,
  ...new Array<number>(tokens).fill(prompt.audio_pad_id),
  ...prompt.suffix_ids,
];
const promptEmbeds = new Float32Array(ids.length * hidden);
const table = new Int8Array(file(model.config.embedding.file).buffer);
const scales = new Float32Array(file(model.config.embedding.scales_file ?? '').slice().buffer);
const embed = (id: number, out: Float32Array, row: number) => {
  for (let i = 0; i < hidden; i++) out[row * hidden + i] = (table[id * hidden + i] ?? 0) * (scales[id] ?? 0);
};
ids.forEach((id, row) => {
  embed(id, promptEmbeds, row);
});
promptEmbeds.set(features, prompt.prefix_ids.length * hidden);
const stepEmbeds = result.ids.map((id) => {
  const out = new Float32Array(hidden);
  embed(id, out, 0);
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
  await model.decode({ audioFeatures: encoded.features, audioTokens: encoded.tokens });
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
  `engine overhead: ${ratio.toFixed(3)}x bare session.run (engine ${median(timesEngine).toFixed(2)} ms, bare ${median(timesBare).toFixed(2)} ms, median of ${ROUNDS}; clip ${clip.name}, ${tokens} audio tokens, ${result.ids.length} steps; target <= 1.10x)`,
);
