/** Transcribes an audio file with a Node-hosted recognizer (the `transcribe` CLI and scripts), by core's one whole-clip path. */
import { readFile } from 'node:fs/promises';
import { MODEL_SAMPLE_RATE } from '@earshot/core';
import { parseWav, resampleClip } from '@earshot/core/audio';
import { type Hypothesis, type Recognizer, transcribeClip } from '@earshot/core/engine';

/** Reads a WAV file as 16 kHz mono float samples. */
export async function readWav16k(path: string): Promise<Float32Array> {
  const wav = parseWav(new Uint8Array(await readFile(path)));
  return resampleClip(wav.samples, wav.sampleRate, MODEL_SAMPLE_RATE);
}

/** The transcript of one file, with timing. */
export interface FileTranscript extends Hypothesis {
  readonly audioSeconds: number;
  readonly decodeSeconds: number;
}

/** Transcribes the WAV file at `path`. */
export async function transcribeFile(
  recognizer: Recognizer,
  path: string,
  options: { language?: string | null; prompt?: string | null } = {},
): Promise<FileTranscript> {
  const samples = await readWav16k(path);
  const started = performance.now();
  const { text, hypothesis } = await transcribeClip(recognizer, samples, options);
  return {
    ...hypothesis,
    text,
    audioSeconds: samples.length / MODEL_SAMPLE_RATE,
    decodeSeconds: (performance.now() - started) / 1000,
  };
}
