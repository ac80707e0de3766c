/**
 * Espeak clips of the embedded model's closed vocabulary (`clips/*.wav`, 16 kHz PCM16), their texts,
 * and the three conformance clips made of them: a real server (OpenAI's included) transcribes them
 * too, so `earshot conformance` can measure any target.
 */
import { parseWav, resampleClip } from '@earshot/core/audio';
import type { Clip } from './checks.ts';

/** The clips in `clips/` and what they say. */
export const SPEECH_CLIPS = {
  timer: 'set a timer for ten minutes',
  call: 'call alfa bravo charlie',
  bedroom: 'turn off the bedroom lights',
  time: 'what time is it',
  door: 'open the kitchen door',
} as const;

/** A clip's text and its audio at any rate, from 16 kHz samples. */
export function clipOf(text: string, samples16k: Float32Array): Clip {
  return { text, audio: (rate) => resampleClip(samples16k, 16_000, rate) };
}

/** The conformance clips from WAV bytes of `SPEECH_CLIPS` (by name): a, b, and a ≥ 6 s one of four clips with 0.3 s gaps. */
export function conformanceClips(wav: (name: keyof typeof SPEECH_CLIPS) => Uint8Array): {
  a: Clip;
  b: Clip;
  long: Clip;
} {
  const samples = (name: keyof typeof SPEECH_CLIPS) => {
    const parsed = parseWav(wav(name));
    return resampleClip(parsed.samples, parsed.sampleRate, 16_000);
  };
  const names = ['call', 'bedroom', 'time', 'door'] as const;
  const gap = new Float32Array(Math.round(0.3 * 16_000));
  const parts = names.flatMap((n, i) => (i === 0 ? [samples(n)] : [gap, samples(n)]));
  const long = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    long.set(part, offset);
    offset += part.length;
  }
  return {
    a: clipOf(SPEECH_CLIPS.call, samples('call')),
    b: clipOf(SPEECH_CLIPS.timer, samples('timer')),
    long: clipOf(names.map((n) => SPEECH_CLIPS[n]).join(' '), long),
  };
}
