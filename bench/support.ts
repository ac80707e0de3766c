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

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
