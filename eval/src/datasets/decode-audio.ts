/** Audio files → mono float samples (audio-decode: FLAC, MP3, WAV, …) → PCM16 at a protocol rate (core's resampler). */
import { readFile } from 'node:fs/promises';
import { encodePcm16, resampleClip } from '@earshot/core/audio';
import decode, { type AudioData } from 'audio-decode';
import { DatasetError } from './types.ts';

/** Decoded mono audio: samples in [-1, 1] at `sampleRate` Hz. */
export interface MonoAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** Decodes an audio file and averages its channels into mono. */
export async function decodeAudioFile(path: string): Promise<MonoAudio> {
  const bytes = await readFile(path);
  let decoded: AudioData;
  try {
    decoded = await decode(new Uint8Array(bytes));
  } catch (error) {
    throw new DatasetError(`cannot decode audio ${path}: ${(error as Error).message}`);
  }
  const channels = decoded.channelData;
  const first = channels[0];
  if (first === undefined) throw new DatasetError(`audio ${path} has no channels`);
  if (channels.length === 1) return { samples: first, sampleRate: decoded.sampleRate };
  const mono = new Float32Array(first.length);
  for (const channel of channels)
    for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0);
  for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] ?? 0) / channels.length;
  return { samples: mono, sampleRate: decoded.sampleRate };
}

/** Resamples mono audio to `rate` Hz with core's `StreamingResampler` (passthrough when equal). */
export function resample(audio: MonoAudio, rate: number): Float32Array {
  return resampleClip(audio.samples, audio.sampleRate, rate);
}

/** Reads an audio file as PCM16 mono bytes at `rate` Hz, ready for `input_audio_buffer.append`. */
export async function loadPcm16(path: string, rate: number): Promise<Uint8Array> {
  return encodePcm16(resample(await decodeAudioFile(path), rate));
}
