/**
 * Generates the held-out espeak set: sentences from the embedded model's recipe, spoken by the
 * held-out voice variants (never heard in training) with random rate, pitch, word gap, gain,
 * pads, reverb and noise, as training/synth.py does; written as 16 kHz WAVs plus `manifest.jsonl`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWavPcm16 } from '@earshot/core/audio';
import { DatasetError } from '../types.ts';
import { SeededRandom } from './random.ts';
import type { EspeakRecipe } from './recipe.ts';

/** Sample rate of the generated WAVs, in Hz (the model's rate, as in training). */
export const ESPEAK_SET_RATE = 16_000;
/** Default seed of the generated set (differs from the training seed). */
export const ESPEAK_SET_SEED = 7001;

/** How one clip was rendered (written to the manifest next to `audio` and `text`). */
export interface EspeakRendering {
  readonly voice: string;
  readonly rate: number;
  readonly pitch: number;
  readonly gap: number;
  readonly gain: number;
  readonly padStart: number;
  readonly padEnd: number;
  readonly reverb: readonly number[] | null;
  readonly noise: 'white' | 'brown' | null;
  readonly snrDb: number | null;
}

/** Options of `generateEspeakSet`. */
export interface EspeakSetOptions {
  readonly recipe: EspeakRecipe;
  /** Output folder (created). */
  readonly out: string;
  readonly count: number;
  /** Default `ESPEAK_SET_SEED`. */
  readonly seed?: number;
  /** Called after each clip. */
  readonly onClip?: (done: number, total: number) => void;
}

/** Checks that espeak-ng and sox can be run; throws a `DatasetError` saying how to install them. */
export function checkSynthesisTools(): void {
  for (const [tool, arg] of [
    ['espeak-ng', '--version'],
    ['sox', '--version'],
  ] as const) {
    const result = spawnSync(tool, [arg], { encoding: 'utf8' });
    if (result.error !== undefined || result.status !== 0) {
      throw new DatasetError(
        `${tool} is not installed: run eval/scripts/make-espeak-set.sh, or apt-get install espeak-ng sox`,
      );
    }
  }
}

function fillTemplate(rng: SeededRandom, template: string, recipe: EspeakRecipe): string {
  return template
    .split(' ')
    .map((part) => {
      const slot = /^\{(\w+)\}$/.exec(part)?.[1];
      return slot === undefined ? part : rng.choice(recipe.slots[slot] ?? [part]);
    })
    .join(' ');
}

/** One sentence as training/vocab.py's `random_sentence` draws it: 25% single words, else 2–6 words (half templates, half random). */
export function randomSentence(rng: SeededRandom, recipe: EspeakRecipe): string {
  const r = rng.next();
  if (r < 0.25) return rng.choice(recipe.words);
  if (r < 0.625) {
    const text = fillTemplate(rng, rng.choice(recipe.templates), recipe);
    const n = text.split(' ').length;
    if (n >= 1 && n <= 6) return text;
  }
  return Array.from({ length: rng.int(2, 6) }, () => rng.choice(recipe.words)).join(' ');
}

/** Draws a rendering as training/synth.py does for the held-out voices. */
export function randomRendering(rng: SeededRandom, recipe: EspeakRecipe): EspeakRendering {
  const variant = rng.choice(recipe.heldOutVariants);
  const accent = rng.choice(recipe.accents);
  const rendering = {
    voice: variant === '' ? accent : `${accent}+${variant}`,
    rate: rng.int(120, 230),
    pitch: rng.int(15, 85),
    gap: rng.int(0, 6),
    gain: Math.round(rng.uniform(-20, 0) * 100) / 100,
    padStart: Math.round(rng.uniform(0, 0.3) * 1000) / 1000,
    padEnd: Math.round(rng.uniform(0, 0.3) * 1000) / 1000,
    reverb: rng.next() < 0.3 ? [rng.int(10, 60), 50, rng.int(20, 80)] : null,
  };
  const noisy = rng.next() < 0.7;
  return {
    ...rendering,
    noise: noisy ? rng.choice(['white', 'brown'] as const) : null,
    snrDb: noisy ? Math.round(rng.uniform(5, 35) * 10) / 10 : null,
  };
}

function run(tool: string, args: string[], input?: Uint8Array): Buffer {
  const result = spawnSync(tool, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.status !== 0) {
    throw new DatasetError(`${tool} failed: ${result.error?.message ?? result.stderr.toString().trim()}`);
  }
  return result.stdout;
}

/** Noise of a kind at unit variance (brown noise has its slow drift removed, as in training). */
function makeNoise(kind: 'white' | 'brown', length: number, rng: SeededRandom): Float32Array {
  const noise = new Float32Array(length);
  for (let i = 0; i < length; i++) noise[i] = rng.normal();
  if (kind === 'brown') {
    const sum = new Float64Array(length + 1);
    for (let i = 0; i < length; i++) sum[i + 1] = (sum[i] ?? 0) + (noise[i] ?? 0);
    const half = 400;
    for (let i = 0; i < length; i++) {
      const lo = Math.max(0, i - half);
      const hi = Math.min(length, i + half + 1);
      noise[i] = (sum[i + 1] ?? 0) - ((sum[hi] ?? 0) - (sum[lo] ?? 0)) / (hi - lo);
    }
  }
  return noise;
}

/** Renders one sentence; returns 16 kHz float samples. */
export function renderClip(
  text: string,
  r: EspeakRendering,
  recipe: EspeakRecipe,
  rng: SeededRandom,
): Float32Array {
  const spoken = text
    .split(' ')
    .map((w) => recipe.spoken[w] ?? w)
    .join(' ');
  const wav = run('espeak-ng', [
    '-v',
    r.voice,
    '-s',
    `${r.rate}`,
    '-p',
    `${r.pitch}`,
    '-g',
    `${r.gap}`,
    '--stdout',
    spoken,
  ]);
  const effects = ['gain', r.gain.toFixed(2), 'pad', r.padStart.toFixed(3), r.padEnd.toFixed(3)];
  if (r.reverb !== null) effects.push('reverb', ...r.reverb.map(String));
  // -D: no dither, so a seed gives the same bytes on every run.
  const raw = run(
    'sox',
    [
      '-D',
      '-t',
      'wav',
      '-',
      '-t',
      'raw',
      '-e',
      'signed',
      '-b',
      '16',
      '-r',
      `${ESPEAK_SET_RATE}`,
      '-c',
      '1',
      '-',
      ...effects,
    ],
    wav,
  );
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const audio = new Float32Array(Math.floor(raw.byteLength / 2));
  for (let i = 0; i < audio.length; i++) audio[i] = view.getInt16(i * 2, true) / 32768;
  if (r.noise !== null && r.snrDb !== null && audio.length > 0) {
    const noise = makeNoise(r.noise, audio.length, rng);
    const power = (x: Float32Array) => x.reduce((s, v) => s + v * v, 0) / x.length;
    const scale = Math.sqrt((power(audio) + 1e-12) / (power(noise) + 1e-12) / 10 ** (r.snrDb / 10));
    for (let i = 0; i < audio.length; i++) audio[i] = (audio[i] ?? 0) + scale * (noise[i] ?? 0);
  }
  const peak = audio.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (peak > 1) for (let i = 0; i < audio.length; i++) audio[i] = (audio[i] ?? 0) / peak;
  return audio;
}

/** Writes `count` clips (`0001.wav`, …) and `manifest.jsonl` into `out`; returns the manifest path. */
export function generateEspeakSet(options: EspeakSetOptions): string {
  checkSynthesisTools();
  mkdirSync(options.out, { recursive: true });
  const rng = new SeededRandom(options.seed ?? ESPEAK_SET_SEED);
  const lines: string[] = [];
  const width = Math.max(4, String(options.count).length);
  for (let i = 0; i < options.count; i++) {
    const text = randomSentence(rng, options.recipe);
    const rendering = randomRendering(rng, options.recipe);
    const samples = renderClip(text, rendering, options.recipe, rng);
    const id = String(i + 1).padStart(width, '0');
    writeFileSync(join(options.out, `${id}.wav`), encodeWavPcm16(samples, ESPEAK_SET_RATE));
    lines.push(JSON.stringify({ id, audio: `${id}.wav`, text, ...rendering }));
    options.onClip?.(i + 1, options.count);
  }
  const manifest = join(options.out, 'manifest.jsonl');
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  return manifest;
}
