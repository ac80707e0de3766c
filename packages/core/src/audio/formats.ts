/**
 * Input audio formats of the Realtime transcription protocol (`audio.input.format`).
 */

import { G711_RATE } from '../constants.ts';

/** 16-bit little-endian mono PCM at `rate` Hz (OpenAI: 24000; Earshot also takes 16000 and 48000). */
export interface PcmFormat {
  type: 'audio/pcm';
  rate: number;
}

/** G.711 µ-law, 8-bit, mono, always 8000 Hz. */
export interface PcmuFormat {
  type: 'audio/pcmu';
}

/** G.711 A-law, 8-bit, mono, always 8000 Hz. */
export interface PcmaFormat {
  type: 'audio/pcma';
}

/** An input audio format as the protocol names it; only `audio/pcm` carries a rate (Hz). */
export type AudioFormat = PcmFormat | PcmuFormat | PcmaFormat;

/** Sample rate of a format in Hz (the PCM `rate`; 8000 for µ-law and A-law). */
export function sampleRateOf(format: AudioFormat): number {
  switch (format.type) {
    case 'audio/pcm':
      return format.rate;
    case 'audio/pcmu':
    case 'audio/pcma':
      return G711_RATE;
  }
}

/** Bytes per (mono) sample of a format: 2 for PCM16, 1 for G.711. */
export function bytesPerSampleOf(format: AudioFormat): 1 | 2 {
  switch (format.type) {
    case 'audio/pcm':
      return 2;
    case 'audio/pcmu':
    case 'audio/pcma':
      return 1;
  }
}
