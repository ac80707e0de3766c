/**
 * The streaming policy of the Qwen3-ASR engine (model-contract §7), with a bounded window:
 * - every `chunkSeconds` of new audio, re-decode the current window;
 * - after `unfixedChunks` decodes, the previous output minus its last `rollbackTokens` tokens is
 *   forced as the assistant prefix (it becomes fixed: never shrinks, never changes);
 * - at a pause (at least `minPauseSeconds` of quiet, `minSegmentSeconds` or more into the window)
 *   the window is cut inside the pause,
 *   and when it passes `maxWindowSeconds` it is cut at the quietest point of its older half: the
 *   audio before the cut is decoded once more as a closed segment whose text is final, and the
 *   fixed text after it is carried into the new window. So one chunk's cost never grows with the
 *   length of the utterance, and each decode sees about one phrase.
 */
import { logMelSpectrogram } from '../../audio/log-mel.ts';
import { isWordBoundary, joinSegments, normalizeTranscript } from '../../streaming/normalize.ts';
import type { Hypothesis, RecognitionOptions, RecognitionStream } from '../recognizer.ts';
import type { Qwen3AsrModel } from './qwen3-model.ts';
import { splitOutput } from './transcript-parser.ts';

/** Streaming settings (seconds at 16 kHz). */
export interface StreamingPolicy {
  /** New audio needed before the next partial decode; default 2 s. */
  readonly chunkSeconds: number;
  /** Tokens of the previous output not forced into the next prefix; default 5. */
  readonly rollbackTokens: number;
  /** Decodes of a window before any text is fixed; default 2. */
  readonly unfixedChunks: number;
  /** Longest window decoded at once; default 16 s. */
  readonly maxWindowSeconds: number;
  /** RMS below which a window counts as silence and is not decoded; default 0.002 (−54 dBFS). */
  readonly silenceRms: number;
  /**
   * Quiet, in seconds, that closes a segment (0 turns pause cuts off); default 0.4 (shorter
   * pauses occur inside phrases, e.g. a fading word in noise before a stop consonant).
   */
  readonly minPauseSeconds: number;
  /**
   * Shortest segment a pause may close: pauses earlier in the window are not cut at, so a short
   * command is decoded whole (a small model reads a lone word worse than a phrase); default 2 s.
   */
  readonly minSegmentSeconds: number;
}

/** The default policy (the official chunking, with a 16 s window bound as sglang uses). */
export const DEFAULT_STREAMING_POLICY: StreamingPolicy = {
  chunkSeconds: 2,
  rollbackTokens: 5,
  unfixedChunks: 2,
  maxWindowSeconds: 16,
  silenceRms: 0.002,
  minPauseSeconds: 0.4,
  minSegmentSeconds: 2,
};

const RATE = 16_000;
const REPLACEMENT = '\uFFFD';

/** How a stream runs model work: serialised with every other stream of the same model. */
export type ModelRunner = <T>(job: () => Promise<T>) => Promise<T>;

export class Qwen3Stream implements RecognitionStream {
  private audio = new Float32Array(RATE * 4);
  private length = 0; // samples of the current window held in `audio`
  private decodedLength = -1;
  private decodes = 0;
  private fixedIds: number[] = [];
  private readonly segments: string[] = [];
  private readonly languageIds: readonly number[];
  private readonly contextIds: readonly number[];
  private closed = false;
  /** Lowest 10th-percentile 20 ms block level of the windows seen (see `hasSpeech`). */
  private noiseFloor = Number.POSITIVE_INFINITY;
  /** Decoder calls made, and the audio seconds the last one saw (for benches). */
  readonly stats = { decodes: 0, lastWindowSeconds: 0 };

  constructor(
    private readonly model: Qwen3AsrModel,
    private readonly run: ModelRunner,
    options: RecognitionOptions,
    private readonly policy: StreamingPolicy = DEFAULT_STREAMING_POLICY,
  ) {
    const language = options.language ?? null;
    this.languageIds = language === null ? [] : (model.config.language_prefix_ids[language] ?? []);
    this.contextIds = options.prompt
      ? model.tokenizer.encode(options.prompt, { add_special_tokens: false }).ids
      : [];
  }

  append(samples: Float32Array): void {
    if (this.closed || samples.length === 0) return;
    if (this.length + samples.length > this.audio.length) {
      const grown = new Float32Array(Math.max(this.audio.length * 2, this.length + samples.length));
      grown.set(this.audio.subarray(0, this.length));
      this.audio = grown;
    }
    this.audio.set(samples, this.length);
    this.length += samples.length;
  }

  async update(signal?: AbortSignal): Promise<Hypothesis | null> {
    const chunk = this.policy.chunkSeconds * RATE;
    const since = this.decodedLength < 0 ? this.length : this.length - this.decodedLength;
    if (this.closed || since < chunk) return null;
    return this.decodeWindow(false, signal);
  }

  finalize(signal?: AbortSignal): Promise<Hypothesis> {
    return this.decodeWindow(true, signal);
  }

  close(): void {
    this.closed = true;
    this.audio = new Float32Array(0);
    this.length = 0;
  }

  private async decodeWindow(final: boolean, signal?: AbortSignal): Promise<Hypothesis> {
    const pause = lastPause(this.audio, this.length, this.policy);
    if (pause !== null) await this.slide(pause, signal);
    else if (this.length > this.policy.maxWindowSeconds * RATE) {
      await this.slide(
        quietestPoint(this.audio, Math.floor(this.length / 4), Math.floor(this.length / 2)),
        signal,
      );
    }
    this.decodedLength = this.length;
    const window = this.audio.subarray(0, this.length);
    const speech = this.speechToDecode(window);
    if (speech === null) return this.hypothesis('', this.fixedText());
    const forced = this.decodes >= this.policy.unfixedChunks ? this.fixedIds : [];
    const { textIds, outputTokens, inputTokens } = await this.recognize(speech, forced, signal);
    if (!final) {
      this.decodes++;
      if (this.decodes >= this.policy.unfixedChunks) this.fixedIds = this.fixPrefix(textIds);
    }
    return this.hypothesis(this.decodeText(textIds), this.fixedText(), outputTokens, inputTokens);
  }

  /** Decodes `audio` with `forcedTextIds` after the language header; resolves to the text ids. */
  private async recognize(audio: Float32Array, forcedTextIds: readonly number[], signal?: AbortSignal) {
    const model = this.model;
    const mel = logMelSpectrogram(audio, model.melConfig, model.melFilters);
    const header =
      this.languageIds.length > 0 ? this.languageIds : forcedTextIds.length > 0 ? this.detectedHeader : [];
    const assistantIds = [...header, ...forcedTextIds];
    const result = await this.run(async () => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      this.stats.decodes++;
      this.stats.lastWindowSeconds = audio.length / RATE;
      const { features, tokens } = await model.encode(mel.data, mel.frames);
      return model.decode({
        audioFeatures: features,
        audioTokens: tokens,
        contextIds: this.contextIds,
        assistantIds,
        signal,
      });
    });
    const parsed = splitOutput([...assistantIds, ...result.ids], model.config.prompt.asr_text_id);
    if (parsed.tagged && this.languageIds.length === 0)
      this.detectedHeader = [...parsed.headerIds, model.config.prompt.asr_text_id];
    return {
      textIds: [...parsed.textIds],
      outputTokens: result.ids.length,
      inputTokens: result.promptLength,
    };
  }

  private detectedHeader: number[] = [];

  /** The new fixed prefix: the output minus its last tokens (never cutting a character), never shorter than before. */
  private fixPrefix(textIds: readonly number[]): number[] {
    let keep = Math.max(0, textIds.length - this.policy.rollbackTokens);
    while (keep > 0 && this.decodeText(textIds.slice(0, keep)).endsWith(REPLACEMENT)) keep--;
    return keep > this.fixedIds.length ? textIds.slice(0, keep) : this.fixedIds;
  }

  /** Cuts the window at sample `cut`; the audio before it becomes a final segment. */
  private async slide(cut: number, signal?: AbortSignal): Promise<void> {
    const head = this.audio.slice(0, cut);
    const fixedBefore = this.decodeText(this.fixedIds);
    const speech = this.speechToDecode(head);
    const { textIds } = speech === null ? { textIds: [] } : await this.recognize(speech, [], signal);
    const segment = normalizeTranscript(this.decodeText(textIds));
    if (segment !== '') this.segments.push(segment);
    // Carry fixed text that lies after the segment into the new window, when the two agree.
    const fixed = normalizeTranscript(fixedBefore);
    const agrees =
      fixed.startsWith(segment) && (fixed.length === segment.length || isWordBoundary(fixed, segment.length));
    const rest = agrees ? fixed.slice(segment.length).trim() : '';
    this.fixedIds = rest === '' ? [] : this.model.tokenizer.encode(rest, { add_special_tokens: false }).ids;
    this.decodes = rest === '' ? 0 : this.policy.unfixedChunks;
    this.audio.copyWithin(0, cut, this.length);
    this.length -= cut;
    this.decodedLength = Math.max(0, this.decodedLength - cut);
  }

  /**
   * Whether `audio` (20 ms block levels `blocks`) is worth decoding: its RMS reaches `silenceRms` and `SPEECH_BLOCKS` of its
   * 20 ms blocks stand `SPEECH_OVER_FLOOR` above the noise floor (the stream's quietest
   * 10th-percentile block level so far). A window of background noise alone (what remains after
   * a pause cut, or the silence a client streams between turns) is not decoded: a small model
   * reads words into noise.
   */
  private hasSpeech(audio: Float32Array, blocks: Float32Array): boolean {
    if (rms(audio) < this.policy.silenceRms) return false;
    const levels = blocks.slice().sort();
    if (levels.length < SPEECH_BLOCKS) return true;
    this.noiseFloor = Math.min(this.noiseFloor, levels[Math.floor(levels.length / 10)] ?? 0);
    return (levels[levels.length - SPEECH_BLOCKS] ?? 0) >= this.noiseFloor * SPEECH_OVER_FLOOR;
  }

  /** What of `audio` to decode (see `trimPadding`), or null when it holds no speech (see `hasSpeech`). */
  private speechToDecode(audio: Float32Array): Float32Array | null {
    const levels = blockLevels(audio, audio.length);
    return this.hasSpeech(audio, levels) ? trimPadding(audio, levels) : null;
  }

  private decodeText(ids: readonly number[]): string {
    return ids.length === 0 ? '' : this.model.tokenizer.decode([...ids], { skip_special_tokens: true });
  }

  private fixedText(): string {
    return this.decodeText(this.fixedIds);
  }

  private hypothesis(
    windowText: string,
    fixedWindowText: string,
    outputTokens = 0,
    inputTokens = 0,
  ): Hypothesis {
    const closed = this.segments.reduce((acc, s) => joinSegments(acc, s), '');
    const text = joinSegments(closed, normalizeTranscript(windowText));
    const stable = joinSegments(closed, normalizeTranscript(fixedWindowText));
    return {
      text,
      stableLength: text.startsWith(stable) ? stable.length : closed.length,
      language: null,
      outputTokens,
      inputTokens,
    };
  }
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

const BLOCK = RATE / 50; // 20 ms
/** Most of a pause a closed segment keeps after its last word (samples, 0.6 s). */
const TAIL_KEEP = Math.round(0.6 * RATE);
/** Least of a pause left before the next window's first word (samples, 0.15 s). */
const LEAD_KEEP = Math.round(0.15 * RATE);
/** Level over the noise floor (amplitude ratio, 6 dB) of a speech block. */
const SPEECH_OVER_FLOOR = 10 ** (6 / 20);
/** Speech blocks (100 ms) a window needs to be decoded: a click or a lone consonant is not a word. */
const SPEECH_BLOCKS = 5;

/**
 * `audio` without the exact zeros at its ends (`levels`: its 20 ms block levels). Clients pad speech with zeros (a push-to-talk
 * tail, a file's padding, a harness's trailing silence); recordings never hold a 20 ms block of
 * exact zeros (noise, dither), and a model trained on recordings reads words into the jump from
 * its noise floor to digital silence (1 s of zeros after each held-out clip of the embedded
 * model: WER 13.7% → 16.0%).
 */
function trimPadding(audio: Float32Array, levels: Float32Array): Float32Array {
  const first = levels.findIndex((level) => level > 0);
  if (first < 0) return audio;
  let last = levels.length - 1;
  while (levels[last] === 0) last--;
  const to = last === levels.length - 1 ? audio.length : (last + 1) * BLOCK;
  return first === 0 && to === audio.length ? audio : audio.subarray(first * BLOCK, to);
}

/** RMS level of each whole 20 ms block of `audio[0, length)`. */
function blockLevels(audio: Float32Array, length: number): Float32Array {
  const blocks = Math.floor(length / BLOCK);
  const levels = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) sum += (audio[i] ?? 0) ** 2;
    levels[b] = Math.sqrt(sum / BLOCK);
  }
  return levels;
}

/**
 * Where to cut at the last pause in `audio[0, length)`: a run of at least `minPauseSeconds` of
 * 20 ms blocks below the quiet level (twice the noise floor — the 10th-percentile block — and at
 * least 34 dB under the loudest block), after speech (a block within 10 dB of the loudest). The
 * cut keeps up to 0.6 s of the pause with the speech before it and leaves at least 0.15 s before
 * what follows, and lies at least `minSegmentSeconds` into the window. Null when there is none.
 */
function lastPause(audio: Float32Array, length: number, policy: StreamingPolicy): number | null {
  if (policy.minPauseSeconds <= 0) return null;
  const levels = blockLevels(audio, length);
  const blocks = levels.length;
  const sorted = levels.slice().sort();
  const loudest = sorted[blocks - 1] ?? 0;
  const floor = sorted[Math.floor(blocks / 10)] ?? 0;
  const quiet = Math.max(floor * 2, loudest * 0.02, policy.silenceRms);
  const need = Math.ceil((policy.minPauseSeconds * RATE) / BLOCK);
  const minCut = Math.round(policy.minSegmentSeconds * RATE);
  let run = 0;
  let found: number | null = null;
  let spoke = false;
  for (let b = 0; b < blocks; b++) {
    const level = levels[b] ?? 0;
    if (level < quiet) {
      run++;
      if (run < need || !spoke) continue;
      // The segment keeps up to TAIL_KEEP of the pause (a model trained on whole utterances
      // needs the quiet after the last word to emit it), the next window at least LEAD_KEEP.
      const runStart = (b + 1 - run) * BLOCK;
      const runEnd = (b + 1) * BLOCK;
      const cut = Math.max(Math.min(runStart + TAIL_KEEP, runEnd - LEAD_KEEP), minCut);
      if (cut <= runEnd - LEAD_KEEP) found = cut;
    } else {
      run = 0;
      if (level > loudest * 0.3) spoke = true;
    }
  }
  return found;
}

/** Start of the quietest 100 ms block of `audio` between `from` and `to` (sample indices). */
function quietestPoint(audio: Float32Array, from: number, to: number): number {
  const block = RATE / 10;
  let best = to;
  let bestEnergy = Number.POSITIVE_INFINITY;
  for (let start = from; start + block <= to; start += block / 2) {
    let energy = 0;
    for (let i = start; i < start + block; i++) energy += (audio[i] ?? 0) ** 2;
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = start + block / 2;
    }
  }
  return best;
}
