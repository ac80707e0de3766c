/**
 * The streaming engine's feature cost per decode, whole-window vs incremental, side by side: a
 * window grows chunk by chunk (default 0.5 s, the default `delay`) to the length of an utterance
 * (default 7.3 s, bench/batch-load.ts's), and each chunk's decode needs the whole window's
 * log-mel spectrogram: recomputed from the samples (`logMelSpectrogram`, before) or from the
 * frames kept since the last chunk (`IncrementalLogMel`, what `Qwen3Stream` does). Prints the CPU
 * milliseconds per second of streamed audio of each and the ratio, checking on the way that both
 * give bit-identical spectrograms.
 *
 * Run: node --conditions=earshot-source --import tsx bench/window-features.ts [--chunk 0.5] [--utterance 7.3]
 */
import { parseArgs } from 'node:util';
import { IncrementalLogMel, logMelSpectrogram } from '../packages/core/src/audio/index.ts';
import { machine, median, repeatedSpeech, timedRuns } from './support.ts';

const { values: args } = parseArgs({
  options: { chunk: { type: 'string', default: '0.5' }, utterance: { type: 'string', default: '7.3' } },
});
const RATE = 16_000;
const CHUNK = Math.round(Number(args.chunk) * RATE);
const UTTERANCE = Math.round(Number(args.utterance) * RATE);
const UTTERANCES = 8;
const speech = repeatedSpeech((UTTERANCES * UTTERANCE) / RATE, 0.3);

/** One pass: every utterance's window at every chunk; returns the ms it took. */
function pass(features: (window: Float32Array, start: number) => Float32Array): number {
  const started = performance.now();
  for (let u = 0; u < UTTERANCES; u++) {
    const start = u * UTTERANCE;
    for (let end = CHUNK; end <= UTTERANCE; end += CHUNK)
      features(speech.subarray(start, start + end), start);
  }
  return performance.now() - started;
}

const incremental = new IncrementalLogMel();
const whole = (window: Float32Array) => logMelSpectrogram(window).data;
const kept = (window: Float32Array, start: number) => incremental.compute(window, start).data;

for (let u = 0; u < UTTERANCES; u++) {
  const start = u * UTTERANCE;
  for (let end = CHUNK; end <= UTTERANCE; end += CHUNK) {
    const a = whole(speech.subarray(start, start + end));
    const b = kept(speech.subarray(start, start + end), start);
    if (!Buffer.from(a.buffer).equals(Buffer.from(b.buffer))) throw new Error('spectrograms differ');
  }
}

const audioSeconds = (UTTERANCES * Math.floor(UTTERANCE / CHUNK) * CHUNK) / RATE;
const rounds = 5;
const times = { whole: [] as number[], incremental: [] as number[] };
for (let r = 0; r < rounds; r++) {
  times.whole.push(median(timedRuns(3, () => pass(whole))));
  times.incremental.push(median(timedRuns(3, () => pass(kept))));
}
const perSecond = (ms: number[]) => median(ms) / audioSeconds;
console.log(machine());
console.log(
  `window features, ${Number(args.chunk)} s chunks, ${(UTTERANCE / RATE).toFixed(1)} s utterances (${audioSeconds.toFixed(0)} s streamed, identical output checked):`,
);
console.log(`  whole window each decode: ${perSecond(times.whole).toFixed(2)} ms per audio second`);
console.log(`  incremental:              ${perSecond(times.incremental).toFixed(2)} ms per audio second`);
console.log(`  ratio: ${(perSecond(times.whole) / perSecond(times.incremental)).toFixed(1)}x less CPU`);
