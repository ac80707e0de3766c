/**
 * What a model costs on this device, measured the same way in both hosts (the server's bench and
 * the page's `LocalEngine.profile()`): encoder time per window, decoder prefill, time per token,
 * and the default streaming policy's per-chunk cost and real-time factor.
 *
 * Audio is synthetic (noise with a syllable-rate envelope, so the engine's speech check decodes
 * it) and token counts are fixed, so a random-weight replica measures the same work as the real
 * model: per-token cost is honest, the text is meaningless.
 */

import { logMelSpectrogram } from '../../audio/log-mel.ts';
import { MODEL_SAMPLE_RATE } from '../../constants.ts';
import type { Qwen3AsrModel } from './qwen3-model.ts';
import { Qwen3Recognizer } from './qwen3-recognizer.ts';

/** Options of `profileModel`. */
export interface ProfileOptions {
  /** Encoder/prefill windows, in seconds (default 2 and 8). */
  readonly windows?: readonly number[];
  /** Decoder steps for the per-token figure (default 16). */
  readonly tokens?: number;
  /** Repetitions; the median is reported (default 3). */
  readonly rounds?: number;
  /** Seconds of audio streamed through the default policy (default 16; 0 skips it). */
  readonly streamSeconds?: number;
  /**
   * New tokens each streaming decode generates (default 12: the rollback of 5 plus about 7 tokens
   * for 2 s of speech at 150 words per minute).
   */
  readonly streamTokens?: number;
}

/** Profile figures, in milliseconds unless named otherwise. */
export interface ProfileResult {
  readonly encoderMs: Readonly<Record<string, number>>;
  readonly prefillMs: Readonly<Record<string, number>>;
  readonly msPerToken: number;
  /** Mean and largest cost of one streaming chunk (2 s of audio), and the real-time factor. */
  readonly stream: {
    readonly chunks: number;
    readonly meanChunkMs: number;
    readonly maxChunkMs: number;
    readonly rtf: number;
  } | null;
}

/** Speech-like test audio: noise under a 4 Hz syllable envelope with short gaps. */
export function syntheticSpeech(seconds: number, seed = 7): Float32Array {
  const out = new Float32Array(Math.round(seconds * MODEL_SAMPLE_RATE));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const t = i / MODEL_SAMPLE_RATE;
    const envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2 * (t % 3 < 2.8 ? 1 : 0.02);
    out[i] = (s / 0xffffffff - 0.5) * 0.3 * envelope;
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** Measures `model` (see the module comment). */
export async function profileModel(
  model: Qwen3AsrModel,
  options: ProfileOptions = {},
): Promise<ProfileResult> {
  const windows = options.windows ?? [2, 8];
  const tokens = options.tokens ?? 16;
  const rounds = options.rounds ?? 3;
  const encoderMs: Record<string, number> = {};
  const prefillMs: Record<string, number> = {};
  let msPerToken = 0;
  for (const seconds of windows) {
    const mel = logMelSpectrogram(syntheticSpeech(seconds), model.melConfig, model.melFilters);
    const enc: number[] = [];
    const pre: number[] = [];
    const full: number[] = [];
    let features: Float32Array = new Float32Array(0);
    let audioTokens = 0;
    for (let round = 0; round <= rounds; round++) {
      let t = performance.now();
      ({ features, tokens: audioTokens } = await model.encode(mel.data, mel.frames));
      const encMs = performance.now() - t;
      t = performance.now();
      await model.decode({ audioFeatures: features, audioTokens, maxNewTokens: 1, fixedLength: true });
      const preMs = performance.now() - t;
      if (round === 0) continue; // warm-up
      enc.push(encMs);
      pre.push(preMs);
      if (seconds === windows[0]) {
        t = performance.now();
        await model.decode({ audioFeatures: features, audioTokens, maxNewTokens: tokens, fixedLength: true });
        full.push(performance.now() - t);
      }
    }
    encoderMs[`${seconds}s`] = median(enc);
    prefillMs[`${seconds}s`] = median(pre);
    if (full.length > 0) msPerToken = (median(full) - median(pre)) / (tokens - 1);
  }
  return { encoderMs, prefillMs, msPerToken, stream: await profileStream(model, options) };
}

async function profileStream(
  model: Qwen3AsrModel,
  options: ProfileOptions,
): Promise<ProfileResult['stream']> {
  const seconds = options.streamSeconds ?? 16;
  if (seconds <= 0) return null;
  const before = model.fixedNewTokens;
  model.fixedNewTokens = options.streamTokens ?? 12;
  try {
    const stream = new Qwen3Recognizer(model).start({});
    const audio = syntheticSpeech(seconds, 11);
    const chunk = 2 * MODEL_SAMPLE_RATE;
    const costs: number[] = [];
    for (let offset = 0; offset < audio.length; offset += chunk) {
      stream.append(audio.subarray(offset, offset + chunk));
      const t = performance.now();
      await stream.update();
      costs.push(performance.now() - t);
    }
    const t = performance.now();
    await stream.finalize();
    const finalMs = performance.now() - t;
    stream.close();
    const total = costs.reduce((a, b) => a + b, 0) + finalMs;
    return {
      chunks: costs.length,
      meanChunkMs: costs.reduce((a, b) => a + b, 0) / costs.length,
      maxChunkMs: Math.max(...costs),
      rtf: total / 1000 / seconds,
    };
  } finally {
    model.fixedNewTokens = before;
  }
}
