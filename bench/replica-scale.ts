/**
 * What the real size costs on this CPU (onnxruntime-node), for the Qwen3-ASR-0.6B replica (the
 * public layout-v2 file set, real dimensions, random weights; `npm run model:replica`): load time
 * and RSS, encoder ms per 2 s and 8 s window, decoder prefill, ms per token (q4) at 1 and 2
 * threads, the default streaming policy's per-chunk cost and the real-time factor it gives.
 * Token counts are fixed (random weights never stop): per-token cost is measured, accuracy is not.
 * Run: node --conditions=earshot-source --import tsx bench/replica-scale.ts [--model <folder>] [--threads 1,2]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { profileModel, Qwen3AsrModel } from '../packages/core/src/engine/index.ts';
import { FsModelSource } from '../packages/server/src/model/index.ts';
import { machine } from './support.ts';

const { values: args } = parseArgs({
  options: { model: { type: 'string' }, threads: { type: 'string', default: '1,2' } },
});
const folder =
  args.model ??
  execFileSync('bash', [new URL('../scripts/replica.sh', import.meta.url).pathname, '0.6b'], {
    encoding: 'utf8',
  }).trim();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

console.log(machine());
console.log(`model: ${folder}`);
for (const threads of args.threads.split(',').map(Number)) {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const model = await Qwen3AsrModel.load({
    ort,
    source: new FsModelSource(folder),
    openByPath: true,
    sessionOptions: { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const loadMs = performance.now() - started;
  const rss = process.memoryUsage().rss;
  const result = await profileModel(model, { windows: [2, 8], tokens: 16, rounds: 3, streamSeconds: 16 });
  const peak = process.memoryUsage().rss;
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    [
      `threads ${threads} (${model.name}, ${model.variantName}, hidden ${model.hidden}, ${model.config.decoder.num_layers} decoder layers)`,
      `  load ${f(loadMs)}, RSS after load ${mb(rss)} (+${mb(rss - rssBefore)}), after the runs ${mb(peak)}`,
      `  encoder: 2 s window ${f(result.encoderMs['2s'] ?? 0)}, 8 s window ${f(result.encoderMs['8s'] ?? 0)}`,
      `  decoder prefill: 2 s window ${f(result.prefillMs['2s'] ?? 0)}, 8 s window ${f(result.prefillMs['8s'] ?? 0)}`,
      `  decoder: ${result.msPerToken.toFixed(1)} ms/token`,
      result.stream === null
        ? ''
        : `  default streaming policy (2 s chunks, 12 new tokens per decode, 16 s of speech): ${result.stream.chunks} chunks, mean ${f(result.stream.meanChunkMs)}, max ${f(result.stream.maxChunkMs)} per chunk; real-time factor ${result.stream.rtf.toFixed(2)}`,
    ].join('\n'),
  );
  await model.release();
}
