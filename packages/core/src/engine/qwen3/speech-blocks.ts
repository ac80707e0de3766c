/**
 * Speech measurements of a window's audio in 20 ms blocks: levels, where speech is, the last
 * pause to cut a segment at, the quietest point, and the exact-zero padding to drop.
 */
import { MODEL_SAMPLE_RATE as RATE } from '../../constants.ts';
import type { StreamingPolicy } from './qwen3-stream.ts';

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export const BLOCK = RATE / 50; // 20 ms
/** Most of a pause a closed segment keeps after its last word (samples, 0.6 s). */
const TAIL_KEEP = Math.round(0.6 * RATE);
/** Least of a pause left before the next window's first word (samples, 0.15 s). */
const LEAD_KEEP = Math.round(0.15 * RATE);
/** Level over the noise floor (amplitude ratio, 6 dB) of a speech block. */
export const SPEECH_OVER_FLOOR = 10 ** (6 / 20);
/** Speech blocks (100 ms) a window needs to be decoded: a click or a lone consonant is not a word. */
export const SPEECH_BLOCKS = 5;

/**
 * `audio` without the exact zeros at its ends (`levels`: its 20 ms block levels). Clients pad speech with zeros (a push-to-talk
 * tail, a file's padding, a harness's trailing silence); recordings never hold a 20 ms block of
 * exact zeros (noise, dither), and a model trained on recordings reads words into the jump from
 * its noise floor to digital silence (1 s of zeros after each held-out clip of the embedded
 * model: WER 13.7% → 16.0%).
 */
export function trimPadding(audio: Float32Array, levels: Float32Array): Float32Array {
  const first = levels.findIndex((level) => level > 0);
  if (first < 0) return audio;
  let last = levels.length - 1;
  while (levels[last] === 0) last--;
  const to = last === levels.length - 1 ? audio.length : (last + 1) * BLOCK;
  return first === 0 && to === audio.length ? audio : audio.subarray(first * BLOCK, to);
}

/** RMS level of each whole 20 ms block of `audio[0, length)`. */
export function blockLevels(audio: Float32Array, length: number): Float32Array {
  const blocks = Math.floor(length / BLOCK);
  const levels = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) sum += (audio[i] ?? 0) ** 2;
    levels[b] = Math.sqrt(sum / BLOCK);
  }
  return levels;
}

/**
 * Where to cut at the last pause in `audio[0, length)`: a run of at least `minPauseSeconds` of
 * 20 ms blocks below the quiet level (twice the noise floor — the 10th-percentile block — and at
 * least 34 dB under the loudest block), after speech (a block within 10 dB of the loudest). The
 * cut keeps up to 0.6 s of the pause with the speech before it and leaves at least 0.15 s before
 * what follows, and lies at least `minSegmentSeconds` into the window. Null when there is none.
 */
export function lastPause(audio: Float32Array, length: number, policy: StreamingPolicy): number | null {
  if (policy.minPauseSeconds <= 0) return null;
  const levels = blockLevels(audio, length);
  const blocks = levels.length;
  const sorted = levels.slice().sort();
  const loudest = sorted[blocks - 1] ?? 0;
  const floor = sorted[Math.floor(blocks / 10)] ?? 0;
  const quiet = Math.max(floor * 2, loudest * 0.02, policy.silenceRms);
  const need = Math.ceil((policy.minPauseSeconds * RATE) / BLOCK);
  const minCut = Math.round(policy.minSegmentSeconds * RATE);
  let run = 0;
  let found: number | null = null;
  let spoke = false;
  for (let b = 0; b < blocks; b++) {
    const level = levels[b] ?? 0;
    if (level < quiet) {
      run++;
      if (run < need || !spoke) continue;
      // The segment keeps up to TAIL_KEEP of the pause (a model trained on whole utterances
      // needs the quiet after the last word to emit it), the next window at least LEAD_KEEP.
      const runStart = (b + 1 - run) * BLOCK;
      const runEnd = (b + 1) * BLOCK;
      const cut = Math.max(Math.min(runStart + TAIL_KEEP, runEnd - LEAD_KEEP), minCut);
      if (cut <= runEnd - LEAD_KEEP) found = cut;
    } else {
      run = 0;
      if (level > loudest * 0.3) spoke = true;
    }
  }
  return found;
}

/** Start of the quietest 100 ms block of `audio` between `from` and `to` (sample indices). */
export function quietestPoint(audio: Float32Array, from: number, to: number): number {
  const block = RATE / 10;
  let best = to;
  let bestEnergy = Number.POSITIVE_INFINITY;
  for (let start = from; start + block <= to; start += block / 2) {
    let energy = 0;
    for (let i = start; i < start + block; i++) energy += (audio[i] ?? 0) ** 2;
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = start + block / 2;
    }
  }
  return best;
}
