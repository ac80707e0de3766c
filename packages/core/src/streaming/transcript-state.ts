/**
 * The transcript state of one item: turns the recognizer's successive whole-text hypotheses
 * (which may shrink, regrow or change earlier words because of rollback) into append-only
 * deltas, OpenAI style, without ever sending the same text twice.
 *
 * Emission policy: only stable text is emitted. With `stableLength`, the stable text is the
 * normalised `text.slice(0, stableLength)`; without it, the longest common prefix of the
 * previous and the current normalised hypotheses (local agreement of two). Either is cut back
 * to a word boundary strictly inside the current hypothesis (see `isWordBoundary`; the end of a
 * hypothesis never counts, so "kit" waits for "kitchen"), and only the part that extends what
 * was already emitted is sent, so a shrink followed by a regrowth never repeats text. A
 * hypothesis that does not start with the emitted text (and is not merely shorter) is a
 * contradiction: it is reported as `revised`, and nothing is emitted until a hypothesis extends
 * the emitted text again. `finish` always keeps the emitted text: the final transcript is the
 * emitted text followed by what the final hypothesis says after it (aligned on the emitted
 * text's last words when the two disagree), so the joined deltas equal `completed.transcript`.
 */

import { isCjk, isWordBoundary, normalizeTranscript } from './normalize.ts';

/** One recognizer hypothesis as the state reads it (a subset of the engine's `Hypothesis`). */
export interface HypothesisText {
  /** The whole transcript hypothesis of the item so far (raw model text, not yet normalised). */
  readonly text: string;
  /** How many leading UTF-16 code units of raw `text` the recognizer has fixed; absent when it promises none. */
  readonly stableLength?: number;
}

/** What one `TranscriptState.update` decided. */
export interface TranscriptUpdate {
  /** New text to send now in `…input_audio_transcription.delta`, with its leading space if any; '' when nothing is due. */
  readonly delta: string;
  /** Text the state treats as fixed: everything emitted so far, this update's delta included. */
  readonly stable: string;
  /** The rest of the current normalised hypothesis after `stable`; '' when the hypothesis does not extend `stable`. */
  readonly tentative: string;
  /** True when the current hypothesis contradicts text already emitted (emission then waits; `finish` settles it). */
  readonly revised: boolean;
}

/** What `TranscriptState.finish` decided. */
export interface TranscriptFinish {
  /** The last delta to send before `completed`: the transcript after what was emitted ('' when nothing is left). */
  readonly delta: string;
  /** The normalised transcript for `…input_audio_transcription.completed.transcript`; it always starts with the emitted text. */
  readonly transcript: string;
  /** True when the final hypothesis did not extend the emitted text and was merged onto it. */
  readonly revised: boolean;
}

/** Longest common prefix length, in UTF-16 code units, of two strings. */
function commonPrefixLength(a: string, b: string): number {
  const end = Math.min(a.length, b.length);
  let index = 0;
  while (index < end && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** `stableLength` clamped to `[0, length]`, or `undefined` when absent or NaN (then local agreement applies). */
function clampStableLength(stableLength: number | undefined, length: number): number | undefined {
  if (stableLength === undefined || Number.isNaN(stableLength)) return undefined;
  return Math.max(0, Math.min(length, Math.floor(stableLength)));
}

/** The largest word boundary of `text` in `(floor, limit]` that `accept` allows, or `floor` when there is none. */
function lastCut(text: string, floor: number, limit: number, accept: (index: number) => boolean): number {
  for (let index = Math.min(limit, text.length - 1); index > floor; index--) {
    if (isWordBoundary(text, index) && accept(index)) return index;
  }
  return floor;
}

/**
 * Where normalised `text` may be cut: the end of its stable part, moved back to a word boundary
 * above `floor` (the emitted length; `floor` itself when there is none).
 * With `stableLength`, a Latin word counts only when the character that ends it (a space or a
 * CJK character) is inside the stable prefix too, since the recognizer may still continue a fixed
 * word ("kit" + "chen"); a CJK character is a complete word by itself. With local agreement, the
 * cut must end a word in both hypotheses (the previous one's last word counts as ended, as in
 * LocalAgreement-2 over word lists), so "turnip on" then "turn on" agree on nothing.
 */
function stableCut(text: string, floor: number, hypothesis: HypothesisText, previous: string | null): number {
  const stableLength = clampStableLength(hypothesis.stableLength, hypothesis.text.length);
  if (stableLength !== undefined) {
    const raw = hypothesis.text.slice(0, stableLength);
    const prefix = normalizeTranscript(raw);
    const agreed = commonPrefixLength(prefix, text);
    const endsWord = agreed === prefix.length && (/\s$/u.test(raw) || isCjk(lastCodePoint(prefix)));
    return lastCut(text, floor, agreed, (index) => index < agreed || endsWord);
  }
  if (previous === null) return floor;
  const agreed = commonPrefixLength(previous, text);
  return lastCut(
    text,
    floor,
    agreed,
    (index) => index === previous.length || isWordBoundary(previous, index),
  );
}

/** The last code point of `text`, as a string ('' when empty). */
function lastCodePoint(text: string): string {
  const last = text.codePointAt(text.length - 1) ?? 0;
  return text.length >= 2 && last >= 0xdc00 && last <= 0xdfff ? text.slice(-2) : text.slice(-1);
}

/**
 * `emitted` followed by the part of `final` that comes after it: `final`'s words after the last
 * place where they repeat `emitted`'s last word(s) (two if it has them; compared without case and
 * punctuation), else after as many words as `emitted` has. Units are words, or characters for
 * text without spaces (CJK).
 */
export function mergeOnto(emitted: string, final: string): string {
  if (emitted === '') return final;
  const spaced = /\s/u.test(emitted) || /\s/u.test(final);
  const units = (t: string) => (t === '' ? [] : spaced ? t.split(' ') : [...t]);
  const done = units(emitted);
  const said = units(final);
  // Units compare without case and punctuation ("turn" = "Turn", "lights." = "lights").
  const key = (units: readonly string[]) =>
    units.map((u) => u.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).join(' ');
  let from = done.length;
  for (const m of [2, 1]) {
    if (done.length < m) continue;
    const tail = key(done.slice(-m));
    let found = -1;
    for (let i = said.length; i >= m; i--) {
      if (key(said.slice(i - m, i)) === tail) {
        found = i;
        break;
      }
    }
    if (found >= 0) {
      from = found;
      break;
    }
  }
  const rest = said.slice(Math.min(from, said.length));
  if (rest.length === 0) return emitted;
  return spaced ? `${emitted} ${rest.join(' ')}` : emitted + rest.join('');
}

/**
 * Streaming transcript state of one item (one turn of speech): create one per item, call
 * `update` with each hypothesis in order, then `finish` once with the final text.
 */
export class TranscriptState {
  #emitted = '';
  #hypothesis = '';
  #previous: string | null = null;

  /** Concatenation of every delta returned so far (a normalised transcript prefix; '' at first). */
  get emitted(): string {
    return this.#emitted;
  }

  /** The latest normalised hypothesis ('' before the first update); after `finish`, the transcript. */
  get hypothesis(): string {
    return this.#hypothesis;
  }

  /**
   * Takes the recognizer's next hypothesis and returns the delta to send now (often ''), the
   * stable and tentative parts, and whether the hypothesis contradicts emitted text; a hypothesis
   * that merely falls short of the emitted text (a rollback that has not regrown) is no contradiction.
   */
  update(hypothesis: HypothesisText): TranscriptUpdate {
    const text = normalizeTranscript(hypothesis.text);
    const previous = this.#previous;
    this.#previous = text;
    this.#hypothesis = text;

    const emitted = this.#emitted;
    if (!text.startsWith(emitted)) {
      return { delta: '', stable: emitted, tentative: '', revised: !emitted.startsWith(text) };
    }
    const cut = stableCut(text, emitted.length, hypothesis, previous);
    let delta = '';
    if (cut > emitted.length) {
      delta = text.slice(emitted.length, cut);
      this.#emitted = text.slice(0, cut);
    }
    return { delta, stable: this.#emitted, tentative: text.slice(this.#emitted.length), revised: false };
  }

  /**
   * Takes the final text once, after the last `update`, and returns the normalised authoritative
   * transcript plus the last delta: the rest of the transcript after the emitted text when that
   * is a prefix of it, else '' with `revised: true` (clients then rely on `completed.transcript`).
   */
  finish(finalText: string): TranscriptFinish {
    const final = normalizeTranscript(finalText);
    const emitted = this.#emitted;
    const revised = !final.startsWith(emitted);
    const transcript = revised ? mergeOnto(emitted, final) : final;
    this.#previous = transcript;
    this.#hypothesis = transcript;
    this.#emitted = transcript;
    return { delta: transcript.slice(emitted.length), transcript, revised };
  }
}
