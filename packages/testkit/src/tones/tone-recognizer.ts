/**
 * TEST ONLY — a deterministic recognizer over a tone "language": each word is a sine at its own
 * frequency. It really listens (Goertzel filters over the session's 16 kHz audio), so resampling,
 * G.711, buffering, VAD and item boundaries are exercised for real. Never a host default.
 */

import type { Hypothesis, RecognitionOptions, RecognitionStream, Recognizer } from '@earshot/core/engine';
import type { Clip, ConformanceTarget } from '../conformance/checks.ts';

/** The tone vocabulary: word → frequency in Hz (all below 4 kHz, so G.711 carries them). */
export const TONE_WORDS: Readonly<Record<string, number>> = {
  alpha: 500,
  bravo: 700,
  charlie: 900,
  delta: 1100,
  echo: 1300,
  foxtrot: 1500,
  golf: 1700,
  hotel: 1900,
};

const FRAME = 320; // 20 ms at 16 kHz
const MIN_WORD_FRAMES = 5;
const TONE_MS = 240;
const GAP_MS = 120;

/** Speaks `words` as tones at `sampleRate`: 240 ms tone + 120 ms gap each, with `padMs` of silence around. */
export function speakTones(words: readonly string[], sampleRate: number, padMs = 200): Float32Array {
  const toneLen = Math.round((TONE_MS * sampleRate) / 1000);
  const gapLen = Math.round((GAP_MS * sampleRate) / 1000);
  const pad = Math.round((padMs * sampleRate) / 1000);
  const out = new Float32Array(pad * 2 + words.length * (toneLen + gapLen));
  let offset = pad;
  for (const word of words) {
    const freq = TONE_WORDS[word];
    if (freq === undefined) throw new Error(`not a tone word: ${word}`);
    const fade = Math.round(sampleRate / 100);
    for (let i = 0; i < toneLen; i++) {
      const envelope = Math.min(1, i / fade, (toneLen - 1 - i) / fade);
      out[offset + i] = 0.3 * envelope * Math.sin((2 * Math.PI * freq * i) / sampleRate);
    }
    offset += toneLen + gapLen;
  }
  return out;
}

function goertzel(frame: Float32Array, start: number, freq: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / 16_000);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < FRAME; i++) {
    const s0 = (frame[start + i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** Decodes tone words from 16 kHz audio. */
export function decodeTones(samples: Float32Array, length = samples.length): string[] {
  const entries = Object.entries(TONE_WORDS);
  const words: string[] = [];
  let current: string | null = null;
  let run = 0;
  const close = () => {
    if (current !== null && run >= MIN_WORD_FRAMES) words.push(current);
    current = null;
    run = 0;
  };
  for (let start = 0; start + FRAME <= length; start += FRAME) {
    let energy = 0;
    for (let i = 0; i < FRAME; i++) energy += (samples[start + i] ?? 0) ** 2;
    let best: string | null = null;
    let bestPower = 0;
    for (const [word, freq] of entries) {
      const power = goertzel(samples, start, freq);
      if (power > bestPower) {
        bestPower = power;
        best = word;
      }
    }
    // A frame is a word's tone when one filter holds most of the frame's energy.
    const isTone = energy / FRAME > 1e-6 && bestPower > energy * FRAME * 0.2;
    const word = isTone ? best : null;
    if (word !== current) close();
    if (word !== null) {
      current = word;
      run++;
    }
  }
  close();
  return words;
}

/** Options of the test recognizer. */
export interface ToneRecognizerOptions {
  /** Simulated decode time per call, in ms (0 = next macrotask). */
  readonly decodeMs?: number;
  /** New audio, in ms, needed before `update` decodes again. */
  readonly chunkMs?: number;
  /** Make every decode fail (to test `…transcription.failed`). */
  readonly fail?: boolean;
}

/** TEST ONLY: a `Recognizer` over the tone vocabulary. */
export class ToneRecognizer implements Recognizer {
  readonly model = 'earshot-test-tones';
  readonly languages = ['en'] as const;
  /** Number of decodes run, and the most that ever ran at once. */
  readonly stats = { decodes: 0, inFlight: 0, maxInFlight: 0, streams: 0 };
  /** The options each stream was started with, in order. */
  readonly started: RecognitionOptions[] = [];

  constructor(private readonly options: ToneRecognizerOptions = {}) {}

  start(options: RecognitionOptions): RecognitionStream {
    this.stats.streams++;
    this.started.push(options);
    let audio = new Float32Array(16_000);
    let length = 0;
    let decodedAt = 0;
    let closed = false;
    const decode = async (signal?: AbortSignal): Promise<Hypothesis> => {
      this.stats.decodes++;
      this.stats.inFlight++;
      this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, this.options.decodeMs ?? 0));
        if (signal?.aborted) throw new Error('aborted');
        if (this.options.fail) throw new Error('simulated recognizer failure');
        decodedAt = length;
        const words = decodeTones(audio, length);
        const text = words.join(' ');
        // Logprobs: one token per word (" word" after the first), log-probability -0.1 each.
        const logprobs = options.logprobs
          ? words.map((w, i) => {
              const token = i === 0 ? w : ` ${w}`;
              return { token, logprob: -0.1, bytes: [...new TextEncoder().encode(token)] };
            })
          : undefined;
        return { text, language: 'en', ...(logprobs === undefined ? {} : { logprobs }) };
      } finally {
        this.stats.inFlight--;
      }
    };
    return {
      append: (samples) => {
        if (closed) return;
        if (length + samples.length > audio.length) {
          const grown = new Float32Array(Math.max(audio.length * 2, length + samples.length));
          grown.set(audio.subarray(0, length));
          audio = grown;
        }
        audio.set(samples, length);
        length += samples.length;
      },
      update: async (signal) => {
        if (length - decodedAt < ((this.options.chunkMs ?? 200) * 16_000) / 1000) return null;
        return decode(signal);
      },
      finalize: (signal) => decode(signal),
      close: () => {
        closed = true;
      },
    };
  }
}

/** A clip of tone words, at any rate. */
function toneClip(text: string): Clip {
  return { text, audio: (rate) => speakTones(text.split(' '), rate) };
}

/** The clips every tone-recognizer conformance target uses: two short phrases and a ≥ 6 s one. */
export const TONE_CLIPS: { readonly a: Clip; readonly b: Clip; readonly long: Clip } = {
  a: toneClip('alpha bravo charlie delta'),
  b: toneClip('echo foxtrot golf hotel'),
  long: toneClip(
    'alpha bravo charlie delta echo foxtrot golf hotel alpha bravo charlie delta echo foxtrot golf hotel alpha bravo',
  ),
};

/** The limits the tone-recognizer conformance targets run under (small, so the limit checks are quick). */
export const TONE_LIMITS: ConformanceTarget['limits'] = { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 };

/**
 * A conformance target for `recognizer` over `connections`: the tone clips, short waits, the
 * limits the connections were opened with and an exact transcript (WER 0).
 */
export function toneTarget(
  recognizer: ToneRecognizer,
  connections: Pick<ConformanceTarget, 'connect' | 'connectWithQuery'>,
  limits: ConformanceTarget['limits'] = TONE_LIMITS,
): ConformanceTarget {
  return {
    ...connections,
    model: recognizer.model,
    clips: TONE_CLIPS,
    timeoutMs: 5000,
    quietMs: 150,
    limits,
    maxWer: 0,
  };
}
