/**
 * fast-check generators for the streaming tests: raw hypothesis text built from a pool that
 * mixes Latin words, CJK characters, Hangul words and punctuation, joined by varied whitespace,
 * and sequences of hypotheses with rollback patterns.
 */

import { isCjk } from '@earshot/core/streaming';
import fc from 'fast-check';

/** Words and marks hypotheses are built from (Latin, Han, Kana, an astral Han character, Hangul, punctuation). */
export const TOKENS = [
  'turn',
  'on',
  'the',
  'kit',
  'kitchen',
  'lights',
  'Hello',
  'world',
  'a',
  'ChatGPT',
  '你',
  '好',
  '今',
  '天',
  '語',
  'こ',
  'カ',
  '𠀀',
  '안녕',
  '여러분',
  ',',
  '.',
  '!',
  '?',
  '(',
  ')',
  '。',
  '，',
  '、',
] as const;

/** What goes before a token in raw text: nothing (glued), spaces, or other whitespace. */
export const SEPARATORS = ['', ' ', ' ', ' ', ' ', '  ', '\n', '\t', '\u00a0', '\u3000'] as const;

/** One token with the raw whitespace before it. */
export interface Piece {
  readonly sep: string;
  readonly token: string;
}

/** A hypothesis as the recognizer would hand it over. */
export interface RawHypothesis {
  readonly text: string;
  readonly stableLength?: number;
}

/** Generates one piece of the pool. */
export const piece = (): fc.Arbitrary<Piece> =>
  fc.record({ sep: fc.constantFrom(...SEPARATORS), token: fc.constantFrom(...TOKENS) });

/** Renders pieces to raw text. */
export const render = (pieces: readonly Piece[]): string => pieces.map((p) => p.sep + p.token).join('');

/** Generates raw text of up to 12 pieces, with optional leading and trailing whitespace. */
export const rawText = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(piece(), { maxLength: 12 }), fc.constantFrom(...SEPARATORS))
    .map(([pieces, tail]) => render(pieces) + tail);

/** One step of a hypothesis sequence, applied to the current base pieces. */
type Op =
  | { readonly kind: 'extend'; readonly pieces: Piece[] }
  | { readonly kind: 'shrink'; readonly count: number }
  | { readonly kind: 'regrow'; readonly count: number; readonly pieces: Piece[] }
  | { readonly kind: 'replace'; readonly index: number; readonly piece: Piece }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'detour'; readonly pieces: Piece[] }
  | { readonly kind: 'partial'; readonly piece: Piece; readonly chars: number };

const op = (): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('extend'),
        pieces: fc.array(piece(), { minLength: 1, maxLength: 3 }),
      }),
      weight: 5,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('shrink'), count: fc.integer({ min: 1, max: 5 }) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('regrow'),
        count: fc.integer({ min: 1, max: 4 }),
        pieces: fc.array(piece(), { minLength: 1, maxLength: 5 }),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('replace'), index: fc.nat(), piece: piece() }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('repeat') }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('empty') }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('detour'), pieces: fc.array(piece(), { maxLength: 4 }) }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('partial'), piece: piece(), chars: fc.nat({ max: 6 }) }),
      weight: 1,
    },
  ) as fc.Arbitrary<Op>;

/** Applies one op: returns the next base and the pieces the hypothesis shows this step. */
function apply(base: Piece[], step: Op): { base: Piece[]; shown: Piece[] } {
  switch (step.kind) {
    case 'extend':
      return same([...base, ...step.pieces]);
    case 'shrink':
      return same(base.slice(0, Math.max(0, base.length - step.count)));
    case 'regrow':
      return same([...base.slice(0, Math.max(0, base.length - step.count)), ...step.pieces]);
    case 'replace': {
      if (base.length === 0) return same(base);
      const next = [...base];
      next[step.index % base.length] = step.piece;
      return same(next);
    }
    case 'repeat':
      return same(base);
    case 'empty':
      return same([]);
    case 'detour':
      return { base, shown: step.pieces };
    case 'partial':
      return {
        base,
        shown: [...base, { sep: step.piece.sep, token: step.piece.token.slice(0, step.chars) }],
      };
  }
}

function same(base: Piece[]): { base: Piece[]; shown: Piece[] } {
  return { base, shown: base };
}

/** Generates 1–25 hypotheses with rollback patterns; `stableLength` is random (any integer, also out of range) in half the sequences. */
export const hypothesisSequence = (): fc.Arbitrary<RawHypothesis[]> =>
  fc
    .record({
      start: fc.array(piece(), { maxLength: 4 }),
      steps: fc.array(
        fc.record({ op: op(), stable: fc.option(fc.integer({ min: -2, max: 80 }), { nil: undefined }) }),
        { minLength: 1, maxLength: 25 },
      ),
      useStable: fc.boolean(),
    })
    .map(({ start, steps, useStable }) => {
      let base = start;
      return steps.map(({ op: step, stable }) => {
        const next = apply(base, step);
        base = next.base;
        const text = render(next.shown);
        return useStable && stable !== undefined ? { text, stableLength: stable } : { text };
      });
    });

/** Generates monotone raw hypotheses: each appends `maxTokens` pieces or fewer to the previous one. */
export const monotoneSequence = (maxTokens: number): fc.Arbitrary<string[]> =>
  fc.array(fc.array(piece(), { maxLength: maxTokens }), { minLength: 1, maxLength: 20 }).map((steps) => {
    let text = '';
    return steps.map((pieces) => {
      text += render(pieces);
      return text;
    });
  });

/** Splits normalised text into words: runs between spaces, with every CJK character a word of its own. */
export function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const char of text) {
    if (char === ' ' || isCjk(char)) {
      if (word !== '') out.push(word);
      word = '';
      if (char !== ' ') out.push(char);
    } else {
      word += char;
    }
  }
  if (word !== '') out.push(word);
  return out;
}

/** Counts each word of a list. */
export function countWords(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}
