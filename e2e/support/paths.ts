/** Paths and files the e2e tests share: the repository, fixtures, and the fake-microphone WAV. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The audio fixtures folder. */
export const FIXTURES = join(REPO, 'packages/testkit/fixtures/audio');

/** The clip the file tests send (short: the WebGPU check runs it on a software adapter), and what it says. */
export const FILE_CLIP = { file: 'digits-16k.wav', text: 'seven four two nine' } as const;

/** What the fake microphone says (e2e/fixtures, ≈ 2.3 s of speech: partials come before the final). */
export const MIC_CLIP = {
  file: join(REPO, 'e2e/fixtures/timer-16k.wav'),
  text: 'set a timer for ten minutes',
} as const;

/** Silence, in seconds, before and after the clip in the fake-microphone WAV (Chromium loops the file). */
const LEAD_SECONDS = 0.5;
const TAIL_SECONDS = 5;

/** The PCM16 data and rate of a 16-bit mono WAV. */
function readPcm(file: string): { pcm: Buffer; rate: number } {
  const wav = readFileSync(file);
  const dataAt = wav.indexOf('data');
  return {
    pcm: wav.subarray(dataAt + 8, dataAt + 8 + wav.readUInt32LE(dataAt + 4)),
    rate: wav.readUInt32LE(24),
  };
}

/**
 * Writes (once) the WAV Chromium plays as the fake microphone: the clip with silence before and
 * after, so that server VAD ends the turn before the file loops. Returns its path.
 */
export function fakeMicWav(): string {
  const out = join(REPO, 'e2e/.cache/mic-speech.wav');
  if (existsSync(out)) return out;
  const { pcm, rate } = readPcm(MIC_CLIP.file);
  const silence = (seconds: number) => Buffer.alloc(Math.round(seconds * rate) * 2);
  const data = Buffer.concat([silence(LEAD_SECONDS), pcm, silence(TAIL_SECONDS)]);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, Buffer.concat([header, data]));
  return out;
}

/** Port of the demo (`vite preview`). */
export const DEMO_PORT = 4173;

/** Port of the Earshot server the parity test compares against. */
export const SERVER_PORT = 8765;

/** The server's Realtime URL, as the demo's remote mode uses it. */
export const SERVER_REALTIME_URL = `ws://127.0.0.1:${SERVER_PORT}/v1/realtime`;

/** The model folder both hosts load: `EARSHOT_MODELS_DIR/earshot-tiny-en`, else the embedded model. */
export const MODEL_DIR = join(process.env.EARSHOT_MODELS_DIR ?? join(REPO, 'models'), 'earshot-tiny-en');
