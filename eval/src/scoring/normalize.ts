/**
 * Text normalisation applied to references and hypotheses before scoring (documented in
 * docs/guides/eval.md): Unicode NFKC, lower case, punctuation removed, digits spelled as words,
 * "and" inside numbers dropped, and a small spelling map (NATO alphabet variants).
 */
import { digitsToWords, NUMBER_WORDS } from './numbers.ts';

/** Spelling variants mapped to one canonical form (keys may span words); defaults to the NATO variants. */
export type SpellingMap = Readonly<Record<string, string>>;

/** The NATO alphabet as spelled by ICAO (`alfa`, `juliett`, `xray`), which the embedded model's vocabulary uses. */
export const DEFAULT_SPELLINGS: SpellingMap = Object.freeze({
  alpha: 'alfa',
  juliet: 'juliett',
  'x ray': 'xray',
});

/** Options of `normalizeWords`. */
export interface NormalizeOptions {
  /** Spelling variants; default `DEFAULT_SPELLINGS`. */
  readonly spellings?: SpellingMap;
}

const SCALE_WORDS = new Set(['hundred', 'thousand', 'million', 'billion']);

function spellNumbers(text: string): string {
  return (
    text
      // 1,500 → 1500 (a comma between digit groups is a thousands separator).
      .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
      // 3.25 → 3 point 2 5 (digits after the point are read one by one).
      .replace(/(\d+)\.(\d+)/g, (_, whole: string, frac: string) => `${whole} point ${[...frac].join(' ')}`)
      // 10am → 10 am, b2 → b 2.
      .replace(/(\d)(?=\p{L})/gu, '$1 ')
      .replace(/(\p{L})(?=\d)/gu, '$1 ')
  );
}

function dropNumberAnd(words: string[]): string[] {
  return words.filter((word, i) => {
    if (word !== 'and') return true;
    const before = words[i - 1];
    const after = words[i + 1];
    return !(
      before !== undefined &&
      SCALE_WORDS.has(before) &&
      after !== undefined &&
      NUMBER_WORDS.has(after)
    );
  });
}

function applySpellings(words: string[], spellings: SpellingMap): string[] {
  const entries = Object.entries(spellings)
    .map(([from, to]) => [from.split(' '), to] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const match = entries.find(([from]) => from.every((w, k) => words[i + k] === w));
    if (match === undefined) {
      out.push(words[i] ?? '');
      i += 1;
    } else {
      out.push(...match[1].split(' '));
      i += match[0].length;
    }
  }
  return out;
}

/** Normalises text into scoring words (see the module comment for the rules). */
export function normalizeWords(text: string, options: NormalizeOptions = {}): string[] {
  let t = text.normalize('NFKC').toLowerCase();
  t = spellNumbers(t);
  // Apostrophes inside words vanish (it's → its); every other non-letter, non-digit is a space.
  t = t.replace(/(\p{L})['’](?=\p{L})/gu, '$1');
  t = t.replace(/[^\p{L}\p{N}\s]/gu, ' ');
  const words = t
    .split(/\s+/)
    .filter((w) => w !== '')
    .flatMap((w) => (/^\d+$/.test(w) ? digitsToWords(w) : [w]));
  return applySpellings(dropNumberAnd(words), options.spellings ?? DEFAULT_SPELLINGS);
}

/** Normalises text into one string of scoring words separated by single spaces. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  return normalizeWords(text, options).join(' ');
}
