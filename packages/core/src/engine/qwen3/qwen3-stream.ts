/**
 * The streaming policy of the Qwen3-ASR engine (model-contract §7), with a bounded window:
 * - every `chunkSeconds` of new audio, re-decode the current window;
 * - after `unfixedChunks` decodes, the text the last `agreement` outputs share, minus its last
 *   `rollbackTokens` tokens, becomes *fixed*: it is forced as the assistant prefix of every later
 *   decode of the window (the final one included), so it never shrinks or changes, and the
 *   session emits it as deltas;
 * - at a pause (at least `minPauseSeconds` of quiet, `minSegmentSeconds` or more into the window)
 *   the window is cut inside the pause, and when it passes `maxWindowSeconds` it is cut at the
 *   quietest point of its older half. The audio before the cut is decoded once more, with the
 *   fixed text forced, as a closed segment whose text is final; fixed text that belongs to the
 *   audio after the cut (the head's decode adds nothing after it) is found by its word overlap
 *   with the new window's decode and stays fixed there. So text once fixed is always kept, one
 *   chunk's cost never grows with the utterance, and each decode sees about one phrase.
 * `delay` (OpenAI's `transcription.delay`) picks chunk, rollback and unfixed decodes.
 */
import { IncrementalLogMel } from '../../audio/incremental-log-mel.ts';
import { MODEL_SAMPLE_RATE as RATE } from '../../constants.ts';
import { normalizeTranscript } from '../../streaming/normalize.ts';
import type {
  Hypothesis,
  RecognitionOptions,
  RecognitionStream,
  TokenLogprob,
  TranscriptionDelay,
} from '../recognizer.ts';
import type { AudioDecodeJob } from './batch-decoder.ts';
import type { DecodeResult, Qwen3ModelDescription } from './qwen3-model.ts';
import {
  blockLevels,
  lastPause,
  quietestPoint,
  rms,
  SPEECH_BLOCKS,
  SPEECH_OVER_FLOOR,
  trimPadding,
} from './speech-blocks.ts';
import { splitOutput } from './transcript-parser.ts';

/** Streaming settings (seconds at 16 kHz). */
export interface StreamingPolicy {
  /** New audio needed before the next partial decode; default 0.5 s (`delay: low`). */
  readonly chunkSeconds: number;
  /**
   * New audio needed before the next partial decode while the item has no text fixed yet (its
   * first delta waits on two decodes agreeing) and the model has decodes to spare (none waiting);
   * absent: half of `chunkSeconds`.
   */
  readonly firstChunkSeconds?: number;
  /** Tokens of the latest output not fixed (not emitted) yet; default 0 (`delay: low`). */
  readonly rollbackTokens: number;
  /** Decodes of a window whose output is needed before the first text is fixed (at least 1); default 2. */
  readonly unfixedChunks: number;
  /**
   * Successive outputs that must agree on text before it is fixed (1: the latest output alone;
   * 2: the common prefix of the last two, "local agreement"); default 2.
   */
  readonly agreement: number;
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

/**
 * What each `delay` sets: how often the window is re-decoded, how many trailing tokens of a
 * decode wait for the next one, and how many decodes pass before anything is fixed. `xhigh` is
 * Qwen3-ASR's own streaming recipe (2 s chunks, rollback 5, two free decodes).
 */
export const STREAMING_DELAYS: Readonly<
  Record<
    TranscriptionDelay,
    Pick<
      StreamingPolicy,
      'chunkSeconds' | 'firstChunkSeconds' | 'rollbackTokens' | 'unfixedChunks' | 'agreement'
    >
  >
> = {
  minimal: { chunkSeconds: 0.25, rollbackTokens: 0, unfixedChunks: 2, agreement: 2 },
  low: { chunkSeconds: 0.5, rollbackTokens: 0, unfixedChunks: 2, agreement: 2 },
  medium: { chunkSeconds: 1, rollbackTokens: 1, unfixedChunks: 2, agreement: 2 },
  high: { chunkSeconds: 2, rollbackTokens: 2, unfixedChunks: 2, agreement: 2 },
  xhigh: { chunkSeconds: 2, firstChunkSeconds: 2, rollbackTokens: 5, unfixedChunks: 2, agreement: 1 },
};

/** The delay sessions get when they name none. */
export const DEFAULT_DELAY: TranscriptionDelay = 'low';

/** The default policy: `DEFAULT_DELAY`'s timing with a 16 s window bound (as sglang uses). */
export const DEFAULT_STREAMING_POLICY: StreamingPolicy = {
  ...STREAMING_DELAYS[DEFAULT_DELAY],
  maxWindowSeconds: 16,
  silenceRms: 0.002,
  minPauseSeconds: 0.4,
  minSegmentSeconds: 2,
};

const REPLACEMENT = '\uFFFD';

/**
 * Scheduling classes of a stream's decodes when batched (lower first): a final decode the client
 * waits for; a partial decode of an item that has no text out yet (its first delta waits on it);
 * any other partial.
 */
export const STREAM_PRIORITY = { final: 0, firstText: 1, partial: 2 } as const;

/**
 * How a stream has a window decoded: in its turn with every other stream of the same model, alone
 * (`FairQueue`) or in a batch with theirs (`BatchQueue` over the batched graphs).
 */
export type WindowDecoder = (job: AudioDecodeJob) => Promise<DecodeResult>;

/** A text token of the output with its log-probability (0 when not measured). */
interface Token {
  readonly id: number;
  readonly logprob: number;
}

/** Audio to decode: a span of the window, and the stream position of its first sample. */
interface Speech {
  readonly audio: Float32Array;
  readonly start: number;
}

/** A closed segment: final text and its tokens. */
interface Segment {
  readonly text: string;
  readonly tokens: readonly Token[];
}

export class Qwen3Stream implements RecognitionStream {
  private audio = new Float32Array(RATE * 4);
  private length = 0; // samples of the current window held in `audio`
  /** Samples of the stream before the current window (cut off by slides). */
  private windowStart = 0;
  /** The window's spectrogram, kept between its decodes (only new frames are computed). */
  private readonly mel: IncrementalLogMel;
  private decodedLength = -1;
  private decodes = 0;
  /** The fixed prefix of the current window: forced into every decode of it. */
  private fixed: Token[] = [];
  /** After a cut whose head decode added nothing to the fixed text: the fixed tokens whose place (head or new window) the next decode settles. */
  private carry: Token[] | null = null;
  /** The window's previous partial output (for `agreement`). */
  private previous: Token[] | null = null;
  private readonly segments: Segment[] = [];
  private readonly languageIds: readonly number[];
  private readonly contextIds: readonly number[];
  private readonly wantLogprobs: boolean;
  private detectedHeader: number[] = [];
  private closed = false;
  /** Set by `finalize`: its decodes go ahead of other streams' partial decodes (when batching). */
  private finalizing = false;
  /** During an `update`: aborted once its decodes are pointless (they leave the queue if waiting). */
  private superseded: AbortSignal | undefined;
  /** Samples of the window already searched for a pause without finding one (see `nextPause`). */
  private searched = 0;
  /** Lowest 10th-percentile 20 ms block level of the windows seen (see `hasSpeech`). */
  private noiseFloor = Number.POSITIVE_INFINITY;
  /** Decoder calls made, the audio seconds the last one saw, and the most any saw (for benches and the window bound). */
  readonly stats = { decodes: 0, lastWindowSeconds: 0, widestWindowSeconds: 0 };

  constructor(
    private readonly model: Qwen3ModelDescription,
    private readonly decodeJob: WindowDecoder,
    options: RecognitionOptions,
    private readonly policy: StreamingPolicy = DEFAULT_STREAMING_POLICY,
    /** Whether the model has decodes to spare (none waiting): the early decodes of `firstChunkSeconds` are made only then. */
    private readonly spare: () => boolean = () => true,
  ) {
    const language = options.language ?? null;
    this.languageIds = language === null ? [] : (model.config.language_prefix_ids[language] ?? []);
    const context = [options.prompt ?? '', ...(options.keywords ?? [])].filter((s) => s.trim() !== '');
    this.contextIds =
      context.length > 0
        ? model.tokenizer.encode(context.join(options.prompt ? ' ' : ', '), { add_special_tokens: false }).ids
        : [];
    this.wantLogprobs = options.logprobs === true;
    this.mel = new IncrementalLogMel(model.melConfig, model.melFilters);
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

  async update(signal?: AbortSignal, superseded?: AbortSignal): Promise<Hypothesis | null> {
    const { chunkSeconds, firstChunkSeconds = chunkSeconds / 2 } = this.policy;
    const since = this.decodedLength < 0 ? this.length : this.length - this.decodedLength;
    // Until the item has text, a decode every first chunk while the model has decodes to spare
    // (a loaded model spends them on other streams' chunks instead).
    const early = this.awaitingFirstText && since >= firstChunkSeconds * RATE && this.spare();
    if (this.closed || (since < chunkSeconds * RATE && !early)) return null;
    this.superseded = superseded;
    try {
      return await this.decodeWindow(false, signal);
    } finally {
      this.superseded = undefined;
    }
  }

  finalize(signal?: AbortSignal): Promise<Hypothesis> {
    // Every decode from here on is one the client waits for.
    this.finalizing = true;
    return this.decodeWindow(true, signal);
  }

  /**
   * Closes segments at the window's pauses (and at its length bound) without decoding the rest:
   * for whole files, where no partial hypothesis is wanted.
   */
  async cut(signal?: AbortSignal): Promise<void> {
    if (this.closed) return;
    await this.slideIfDue(signal);
    this.settleCarry([]);
  }

  close(): void {
    this.closed = true;
    this.audio = new Float32Array(0);
    this.length = 0;
    this.mel.reset();
  }

  /**
   * Cuts the window until what is left is at most `maxWindowSeconds` long and holds no pause to
   * close a segment at. Pauses are looked for as streaming finds them, in the window growing one
   * chunk at a time from where the last search ended (`nextPause`), so a window that arrived all
   * at once — up to a whole buffer in one append — is cut at the same pauses, phrase by phrase, as
   * if it had been streamed. With no pause in its first `maxWindowSeconds`, it is cut at the
   * quietest point of that span's older half. Every decode (each segment's and the window's) sees
   * at most `maxWindowSeconds` of audio; each is one model job, so other streams take turns between.
   */
  private async slideIfDue(signal?: AbortSignal): Promise<void> {
    const bound = Math.floor(this.policy.maxWindowSeconds * RATE);
    for (;;) {
      if (this.closed) return;
      const pause = this.nextPause(Math.min(this.length, bound));
      if (pause !== null) await this.slide(pause, signal);
      else if (this.length > bound)
        await this.slide(quietestPoint(this.audio, Math.floor(bound / 4), Math.floor(bound / 2)), signal);
      else return;
    }
  }

  /**
   * The first pause `lastPause` finds in the window's first `end` samples, looking at it as it
   * would have grown chunk by chunk since the last search (`searched`); null when there is none.
   */
  private nextPause(end: number): number | null {
    const step = Math.max(1, Math.round(this.policy.chunkSeconds * RATE));
    for (let at = Math.min(end, this.searched + step); ; at = Math.min(end, at + step)) {
      const pause = lastPause(this.audio, at, this.policy);
      if (pause !== null) return pause;
      if (at >= end) {
        this.searched = end;
        return null;
      }
    }
  }

  private async decodeWindow(final: boolean, signal?: AbortSignal): Promise<Hypothesis> {
    await this.slideIfDue(signal);
    this.decodedLength = this.length;
    const speech = this.speechToDecode(this.audio.subarray(0, this.length));
    if (speech === null) {
      this.settleCarry([]);
      return this.hypothesis([]);
    }
    const forced = this.carry === null ? this.fixed : [];
    const decoded = await this.recognize(speech, forced, signal);
    let output = [...forced, ...decoded.tokens];
    if (this.carry !== null) output = this.settleCarry(output);
    if (!final) {
      this.decodes++;
      const agreed = this.policy.agreement >= 2 ? commonPrefix(this.previous ?? this.fixed, output) : output;
      this.previous = output;
      if (this.decodes >= Math.max(1, this.policy.unfixedChunks)) this.fixed = this.fixPrefix(agreed);
    }
    return this.hypothesis(output, decoded.outputTokens, decoded.inputTokens);
  }

  /**
   * Decodes `audio` with `forced` text tokens after the language header; resolves to the tokens
   * the model added after them.
   */
  private async recognize(speech: Speech, forced: readonly Token[], signal?: AbortSignal) {
    const model = this.model;
    const { audio } = speech;
    const mel = this.mel.compute(audio, speech.start);
    const header =
      this.languageIds.length > 0 ? this.languageIds : forced.length > 0 ? this.detectedHeader : [];
    const assistantIds = [...header, ...forced.map((t) => t.id)];
    this.stats.decodes++;
    this.stats.lastWindowSeconds = audio.length / RATE;
    this.stats.widestWindowSeconds = Math.max(this.stats.widestWindowSeconds, audio.length / RATE);
    const result = await this.decodeJob({
      mel: mel.data,
      frames: mel.frames,
      contextIds: this.contextIds,
      assistantIds,
      logprobs: this.wantLogprobs,
      priority: this.finalizing
        ? STREAM_PRIORITY.final
        : this.awaitingFirstText
          ? STREAM_PRIORITY.firstText
          : STREAM_PRIORITY.partial,
      ...(signal ? { signal } : {}),
      ...(this.superseded ? { withdraw: this.superseded } : {}),
    });
    const asrText = model.config.prompt.asr_text_id;
    const all = [...assistantIds, ...result.ids];
    const parsed = splitOutput(all, asrText);
    if (parsed.tagged && this.languageIds.length === 0) this.detectedHeader = [...parsed.headerIds, asrText];
    // The new text tokens: what follows the forced ones (or the model's own header).
    const textStart = all.length - parsed.textIds.length;
    const from = Math.max(textStart, assistantIds.length);
    const tokens: Token[] = [];
    for (let i = from; i < all.length; i++) {
      tokens.push({ id: all[i] ?? 0, logprob: result.logprobs[i - assistantIds.length] ?? 0 });
    }
    return { tokens, outputTokens: result.ids.length, inputTokens: result.promptLength };
  }

  /** Whether nothing of the item is fixed yet: no fixed text, carried text or closed segment. */
  private get awaitingFirstText(): boolean {
    return this.fixed.length === 0 && this.segments.length === 0 && this.carry === null;
  }

  /** The new fixed prefix: the output minus its last tokens (never cutting a character), never shorter than before. */
  private fixPrefix(output: readonly Token[]): Token[] {
    let keep = Math.max(0, output.length - this.policy.rollbackTokens);
    while (keep > 0 && this.text(output.slice(0, keep)).endsWith(REPLACEMENT)) keep--;
    return keep > this.fixed.length ? output.slice(0, keep) : this.fixed;
  }

  /**
   * Cuts the window at sample `cut`: the audio before it is decoded with the fixed text forced and
   * becomes a closed segment. When that decode adds words, all the fixed text lay in the head;
   * when it adds none, the fixed text may reach past the cut, and the next decode of the window
   * settles where it ends (`settleCarry`).
   */
  private async slide(cut: number, signal?: AbortSignal): Promise<void> {
    const fixed = this.carry ?? this.fixed;
    const speech = this.speechToDecode(this.audio.subarray(0, cut));
    const added = speech === null ? [] : (await this.recognize(speech, fixed, signal)).tokens;
    this.carry = null;
    if (added.length > 0 || fixed.length === 0) this.closeSegment([...fixed, ...added]);
    else this.carry = fixed;
    this.fixed = [];
    this.previous = null;
    this.decodes = 0;
    this.audio.copyWithin(0, cut, this.length);
    this.length -= cut;
    this.windowStart += cut;
    this.searched = 0;
    this.decodedLength = Math.max(0, this.decodedLength - cut);
  }

  /**
   * Places the carried fixed text after the new window's unforced decode `output`: the words at
   * its end that `output` begins with belong to the new window, where they stay fixed; the rest
   * closes the previous segment. Resolves to the window's output, starting with the kept words.
   */
  private settleCarry(output: readonly Token[]): Token[] {
    const carry = this.carry ?? [];
    this.carry = null;
    const carried = wordsOf(this.text(carry));
    const heard = wordsOf(this.text(output));
    for (let k = Math.min(carried.length, heard.length); k > 0; k--) {
      if (carried.slice(-k).join(' ') !== heard.slice(0, k).join(' ')) continue;
      const split = this.wordStart(carry, carried.length - k);
      const after = this.wordStart(output, k);
      if (split === null || after === null) continue;
      if (split > 0) this.closeSegment(carry.slice(0, split));
      this.fixed = carry.slice(split);
      this.decodes = Math.max(1, this.policy.unfixedChunks);
      return [...this.fixed, ...output.slice(after)];
    }
    this.closeSegment(carry);
    return [...output];
  }

  /** Index of the token where word `n` (0-based) of `tokens`' text starts, or null when no token boundary falls there. */
  private wordStart(tokens: readonly Token[], n: number): number | null {
    if (n === 0) return 0;
    for (let i = 1; i <= tokens.length; i++) {
      const before = wordsOf(this.text(tokens.slice(0, i)));
      const next = i < tokens.length ? this.text([tokens[i] as Token]) : ' ';
      if (before.length === n && /^\s/u.test(next)) return i;
      if (before.length > n) return null;
    }
    return null;
  }

  private closeSegment(tokens: readonly Token[]): void {
    const text = this.text(tokens);
    if (text.trim() !== '') this.segments.push({ text, tokens: [...tokens] });
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

  /**
   * What of `span` (the window's first samples) to decode (see `trimPadding`), or null when it
   * holds no speech (see `hasSpeech`).
   */
  private speechToDecode(span: Float32Array): Speech | null {
    const levels = blockLevels(span, span.length);
    if (!this.hasSpeech(span, levels)) return null;
    const audio = trimPadding(span, levels);
    return {
      audio,
      start: this.windowStart + (audio.byteOffset - span.byteOffset) / audio.BYTES_PER_ELEMENT,
    };
  }

  private text(tokens: readonly Token[]): string {
    return tokens.length === 0
      ? ''
      : this.model.tokenizer.decode(
          tokens.map((t) => t.id),
          { skip_special_tokens: true },
        );
  }

  private hypothesis(output: readonly Token[], outputTokens = 0, inputTokens = 0): Hypothesis {
    // Raw text, as `Hypothesis.text` is documented: segments joined by a space, which
    // normalisation (the session's `TranscriptState`) removes next to CJK, as `joinSegments` would.
    const closed = this.segments.map((s) => s.text).join(' ');
    const join = (tail: string) => (closed === '' ? tail : `${closed} ${tail}`);
    const text = join(this.text(output));
    const fixed = this.carry ?? this.fixed;
    const stable = join(this.text(fixed));
    // The decode went on with a new word after the fixed text: its last word is whole, the space counts.
    const wordEnded =
      fixed.length > 0 && output.length > fixed.length && /^\s/u.test(text.slice(stable.length));
    return {
      text,
      stableLength: text.startsWith(stable) ? stable.length + (wordEnded ? 1 : 0) : closed.length,
      language: null,
      outputTokens,
      inputTokens,
      ...(this.wantLogprobs
        ? { logprobs: [...this.segments.flatMap((s) => s.tokens), ...output].map((t) => this.logprob(t)) }
        : {}),
    };
  }

  private logprob(token: Token): TokenLogprob {
    const text = this.text([token]);
    return { token: text, logprob: token.logprob, bytes: [...new TextEncoder().encode(text)] };
  }
}

/** Words of normalised text. */
function wordsOf(text: string): string[] {
  const normalised = normalizeTranscript(text);
  return normalised === '' ? [] : normalised.split(' ');
}

/** The longest common prefix of two token lists (by id). */
function commonPrefix(a: readonly Token[], b: readonly Token[]): Token[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n]?.id === b[n]?.id) n++;
  return b.slice(0, n);
}
