/**
 * Decode throughput, batched vs serial, in one process: B windows decoded one after another
 * (`decodeAlone`, what the serial queue does) and together (`BatchDecoder.decode`, one call per
 * stage), for B = 1, 8, 32, …, with a fixed number of new tokens per window (random-weight
 * replicas never stop); prints the wall time of each, decodes per second and the ratio. On the
 * full-scale replica (`npm run model:replica`, the
 * default) this is the measurement that fits this machine: one real-time session at that size
 * already needs more than the CPU has (docs/guides/models.md), so held sessions are measured on
 * the embedded model by bench/batch-load.ts instead.
 *
 * Run: node --conditions=earshot-source --import tsx bench/batch-decode.ts [--model <folder>|embedded]
 *        [--rows 1,8,32] [--seconds 2] [--tokens 8] [--threads 2]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { logMelSpectrogram } from '../packages/core/src/audio/index.ts';
import { type AudioDecodeJob, Qwen3AsrModel, syntheticSpeech } from '../packages/core/src/engine/index.ts';
import { EMBEDDED_MODEL_DIR, FsModelSource } from '../packages/server/src/model/index.ts';
import { machine } from './support.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    rows: { type: 'string', default: '1,8,32' },
    seconds: { type: 'string', default: '2' },
    tokens: { type: 'string', default: '8' },
    threads: { type: 'string', default: '2' },
  },
});
const folder =
  args.model === 'embedded'
    ? EMBEDDED_MODEL_DIR
    : (args.model ??
      execFileSync('bash', [new URL('../scripts/replica.sh', import.meta.url).pathname, '0.6b'], {
        encoding: 'utf8',
      }).trim());
const TOKENS = Number(args.tokens);

console.log(machine());
const model = await Qwen3AsrModel.load({
  ort,
  source: new FsModelSource(folder),
  openByPath: true,
  batching: true,
  fixedNewTokens: TOKENS,
  sessionOptions: {
    executionProviders: ['cpu'],
    intraOpNumThreads: Number(args.threads),
    interOpNumThreads: 1,
  },
});
const batch = model.batch;
if (batch === null)
  throw new Error(`${folder}: the model has no batched graphs (prompt_config variants.*.batched)`);
console.log(
  `model: ${model.name} (${model.variantName}, hidden ${model.hidden}, ${model.config.decoder.num_layers} decoder layers), ` +
    `${args.threads} threads; windows of ${args.seconds} s, ${TOKENS} new tokens each`,
);

/** B windows of synthetic speech, each a little longer than the last (as concurrent sessions' windows differ). */
function jobs(rows: number): AudioDecodeJob[] {
  return Array.from({ length: rows }, (_, i) => {
    const audio = syntheticSpeech(Number(args.seconds) * (1 + (0.3 * i) / Math.max(1, rows)), i + 1);
    const mel = logMelSpectrogram(audio, model.melConfig, model.melFilters);
    return { mel: mel.data, frames: mel.frames };
  });
}

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

await batch.decode(jobs(2)); // warm-up of the batched graphs and the single ones
await model.decodeAlone(jobs(1)[0] as AudioDecodeJob);
for (const rows of args.rows.split(',').map(Number)) {
  const windows = jobs(rows);
  const serial = await timed(async () => {
    for (const job of windows) await model.decodeAlone(job);
  });
  const batched = await timed(() => batch.decode(windows));
  const rate = (ms: number) => ((rows * 1000) / ms).toFixed(1);
  console.log(
    `B=${String(rows).padStart(3)}: serial ${serial.toFixed(0).padStart(6)} ms (${rate(serial)} decodes/s) | ` +
      `batched ${batched.toFixed(0).padStart(6)} ms (${rate(batched)} decodes/s) → ${(serial / batched).toFixed(2)}×`,
  );
}
await model.release();
