/**
 * Streaming cost over a long utterance: the per-chunk decode time at minute 10 of a continuous
 * stream against minute 1 (target ≤ 1.2×, the window is bounded), and the real-time factor.
 * Run: node --conditions=earshot-source --import tsx bench/engine-streaming.ts [minutes=10]
 */
import { normalizeTranscript } from '@earshot/core/streaming';
import { loadNodeRecognizer } from '../packages/server/src/model/index.ts';
import { machine, median, referenceClips } from './support.ts';

const MINUTES = Number(process.argv[2] ?? 10);
const RATE = 16_000;
const recognizer = await loadNodeRecognizer({ threads: 1 });

// A continuous "speech" stream: the reference clips over and over with short pauses.
const clips = referenceClips();
const gap = new Float32Array(RATE * 0.4);
const total = MINUTES * 60 * RATE;
const chunk = 2 * RATE;
const stream = recognizer.start({ language: null });
const costs: Array<{ at: number; ms: number }> = [];
let pending: Float32Array[] = [];
let fed = 0;
let clipIndex = 0;
const started = performance.now();
while (fed < total) {
  const clip = clips[clipIndex++ % clips.length];
  if (clip === undefined) break;
  pending.push(clip.samples, gap);
  const buffered = pending.reduce((n, p) => n + p.length, 0);
  if (buffered < chunk) continue;
  for (const part of pending) stream.append(part);
  fed += buffered;
  pending = [];
  const t0 = performance.now();
  const hypothesis = await stream.update();
  if (hypothesis !== null) costs.push({ at: fed / RATE, ms: performance.now() - t0 });
}
const finalText = normalizeTranscript((await stream.finalize()).text);
const wall = (performance.now() - started) / 1000;
stream.close();

const window = (from: number, to: number) =>
  costs.filter((c) => c.at >= from * 60 && c.at < to * 60).map((c) => c.ms);
const first = median(window(0, 1));
const last = median(window(MINUTES - 1, MINUTES));
console.log(machine());
console.log(
  `per-chunk decode at minute ${MINUTES} vs minute 1: ${(last / first).toFixed(3)}x (median ${last.toFixed(1)} ms vs ${first.toFixed(1)} ms per 2 s chunk; target <= 1.2x)`,
);
console.log(
  `real-time factor: ${(wall / (fed / RATE)).toFixed(4)} (${(fed / RATE).toFixed(0)} s of audio in ${wall.toFixed(1)} s, ${costs.length} partial decodes + slides; ${(fed / RATE / wall).toFixed(1)}x faster than real time)`,
);
console.log(
  `final transcript: ${finalText.split(' ').length} words; last words: ${finalText.split(' ').slice(-5).join(' ')}`,
);
