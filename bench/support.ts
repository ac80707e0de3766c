/** Shared bench helpers: the machine line, clips, timing statistics. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_FIXTURES } from '@earshot/testkit/fixtures';
import { parseWav } from '../packages/core/src/audio/index.ts';

/** One line describing where a bench ran. */
export function machine(): string {
  return `machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), node ${process.version}, load ${loadavg()[0]?.toFixed(2)}`;
}

const REFERENCE = REFERENCE_FIXTURES;

/** The reference clips (16 kHz) with their texts. */
export function referenceClips(): Array<{ name: string; samples: Float32Array; text: string }> {
  return ['kitchen_lights', 'timer_five_minutes', 'nato_spelling', 'weather_tomorrow'].map((name) => {
    const meta = JSON.parse(readFileSync(join(REFERENCE, `${name}.json`), 'utf8')) as {
      text_reference: string;
    };
    const samples = parseWav(new Uint8Array(readFileSync(join(REFERENCE, `${name}.wav`)))).samples;
    return { name, samples, text: meta.text_reference };
  });
}

const AUDIO_FIXTURES = new URL('../packages/testkit/fixtures/audio/', import.meta.url);

/** The 16 kHz espeak fixtures the front-end benches stream. */
export const SPEECH_FIXTURES = ['kitchen-lights-16k.wav', 'digits-16k.wav', 'weather-16k.wav'];

/**
 * `seconds` of 16 kHz speech: `clips` (default the `SPEECH_FIXTURES`) back to back with
 * `gapSeconds` of silence after each, repeated, the last one cut at the end.
 */
export function repeatedSpeech(
  seconds: number,
  gapSeconds = 0,
  clips?: readonly Float32Array[],
): Float32Array {
  const sources =
    clips ??
    SPEECH_FIXTURES.map(
      (name) => parseWav(new Uint8Array(readFileSync(new URL(name, AUDIO_FIXTURES)))).samples,
    );
  const out = new Float32Array(Math.round(seconds * 16_000));
  const gap = Math.round(gapSeconds * 16_000);
  for (let at = 0, i = 0; at < out.length; i++) {
    const clip = sources[i % sources.length] as Float32Array;
    out.set(clip.subarray(0, Math.min(clip.length, out.length - at)), at);
    at += clip.length + gap;
  }
  return out;
}

/** Untimed passes a front-end bench runs first, so that the JIT has settled before timing. */
export const WARMUP_RUNS = 3;

/**
 * Runs `pass` {@link WARMUP_RUNS} times and drops the results, then `timed` times: the timed
 * passes' results, in order.
 */
export function timedRuns<T>(timed: number, pass: () => T): T[] {
  for (let i = 0; i < WARMUP_RUNS; i++) pass();
  return Array.from({ length: timed }, () => pass());
}

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
