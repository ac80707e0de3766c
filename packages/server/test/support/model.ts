/**
 * TEST ONLY: the embedded model and espeak clips, for the tests that need real speech
 * recognition. Those tests are skipped, with `MODEL_MISSING` as the reason, while the embedded
 * model folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logMelSpectrogram, parseWav, resampleClip } from '@earshot/core/audio';
import type { AudioDecodeJob, Qwen3ModelDescription, Recognizer } from '@earshot/core/engine';
import { SPEECH_CLIPS } from '@earshot/testkit/conformance';
import { AUDIO_FIXTURES } from '@earshot/testkit/fixtures';
import { describe, it } from 'vitest';
import { EMBEDDED_MODEL_DIR, loadNodeRecognizer } from '../../src/index.ts';

/** True when the embedded model folder is present. */
export const MODEL_READY = existsSync(join(EMBEDDED_MODEL_DIR, 'prompt_config.json'));

/** Why the real-model tests are skipped. */
export const MODEL_MISSING = `the embedded model is missing (${EMBEDDED_MODEL_DIR}): real-model tests skipped`;

/**
 * Defines real-model tests: `define()` when the embedded model is present, else a skipped block
 * `title — MODEL_MISSING` holding one skipped test `test`, so that the report says what did not run.
 */
export function withModel(title: string, test: string, define: () => void): void {
  if (MODEL_READY) define();
  else
    describe.skip(`${title} — ${MODEL_MISSING}`, () => {
      it(test, () => {});
    });
}

let loaded: Promise<Recognizer> | null = null;

/** The embedded model on CPU with one thread, loaded once per test file. */
export function embeddedRecognizer(): Promise<Recognizer> {
  loaded ??= loadNodeRecognizer({ device: 'cpu', threads: 1 });
  return loaded;
}

const CORE_FIXTURES = AUDIO_FIXTURES;
const SERVER_FIXTURES = fileURLToPath(new URL('../../../testkit/clips/', import.meta.url));

/** The espeak clips (16 kHz) and their texts, in the model's vocabulary spelling (`alfa`). */
export const CLIPS = {
  'kitchen-lights': 'turn on the kitchen lights',
  ...SPEECH_CLIPS,
} as const;

/** Samples of a 16 kHz espeak clip of `CLIPS` (core's fixtures, then the server's own). */
export function fixture16k(name: keyof typeof CLIPS): Float32Array {
  const file = `${name}-16k.wav`;
  const path = existsSync(join(CORE_FIXTURES, file))
    ? join(CORE_FIXTURES, file)
    : join(SERVER_FIXTURES, file);
  const wav = parseWav(new Uint8Array(readFileSync(path)));
  return resampleClip(wav.samples, wav.sampleRate, 16000);
}

/** Joins clips with `gapSeconds` of silence between them (16 kHz). */
export function concat(clips: readonly Float32Array[], gapSeconds = 0.4): Float32Array {
  const gap = Math.round(gapSeconds * 16000);
  const out = new Float32Array(clips.reduce((n, c) => n + c.length, 0) + gap * (clips.length - 1));
  let offset = 0;
  for (const clip of clips) {
    out.set(clip, offset);
    offset += clip.length + gap;
  }
  return out;
}

/** A decode job for `samples` (16 kHz) on `model`'s front end, with `extra` fields. */
export function decodeJob(
  model: Qwen3ModelDescription,
  samples: Float32Array,
  extra: Partial<AudioDecodeJob> = {},
): AudioDecodeJob {
  const mel = logMelSpectrogram(samples, model.melConfig, model.melFilters);
  return { mel: mel.data, frames: mel.frames, ...extra };
}
