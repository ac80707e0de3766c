/**
 * Text rules of the streaming transcript: Unicode and whitespace normalisation, the separator
 * between two pieces of text, and where text may be cut without splitting a word.
 *
 * "CJK" here means the scripts written without spaces between words: Han, Hiragana, Katakana,
 * Bopomofo, CJK punctuation and full-width forms. Hangul is not included, because Korean
 * separates words with spaces. No space is kept next to a CJK character, on either side, so
 * "我爱 Python" becomes "我爱Python" (the convention of Qwen3-ASR's own output).
 */

/**
 * Character class (regex source) of the characters written without spaces: Han (incl. radicals
 * and compatibility ideographs), Hiragana, Katakana (incl. half-width), Bopomofo, CJK symbols and
 * punctuation (U+3001–303F; the ideographic space is whitespace), kana voicing marks, vertical
 * and compatibility forms, and the full-width forms block.
 */
const CJK_CLASS =
  '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Bopomofo}\\u3001-\\u303f\\u3099-\\u309c\\u30a0\\u30fb\\u30fc' +
  '\\ufe10-\\ufe1f\\ufe30-\\ufe4f\\uff01-\\uff9f\\uffe0-\\uffe6';

/** Character class (regex source) of the Latin closing punctuation that takes no space before it. */
const CLOSING_CLASS = ',.!?;:)\\]}\\u2026';

/** Character class (regex source) of the Latin opening brackets that take no space after them. */
const OPENING_CLASS = '([{';

/** One CJK code point. */
const CJK = new RegExp(`^[${CJK_CLASS}]$`, 'u');

/** One closing punctuation mark. */
const CLOSING = new RegExp(`^[${CLOSING_CLASS}]$`, 'u');

/** One opening bracket. */
const OPENING = new RegExp(`^[${OPENING_CLASS}]$`, 'u');

/** Any run of whitespace (JavaScript's `\s`: incl. tabs, newlines, NBSP, U+3000). */
const WHITESPACE_RUN = /\s+/gu;

/** A space after a CJK character or an opening bracket, or before a CJK character or closing punctuation. */
const REMOVABLE_SPACE = new RegExp(
  `(?<=[${CJK_CLASS}${OPENING_CLASS}]) | (?=[${CJK_CLASS}${CLOSING_CLASS}])`,
  'gu',
);

/** Whether `char` (one code point; only its first is read) belongs to a script written without spaces: Han, Kana, Bopomofo, CJK punctuation or full-width forms, but not Hangul. */
export function isCjk(char: string): boolean {
  const code = char.codePointAt(0);
  return code !== undefined && CJK.test(String.fromCodePoint(code));
}

/**
 * Returns `text` in Earshot's canonical form: Unicode NFC, every whitespace run (incl. newlines,
 * tabs, NBSP) one space, trimmed, and no space next to a CJK character, before `, . ! ? ; : ) ] } …`
 * or after `( [ {`; idempotent.
 */
export function normalizeTranscript(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim().replace(REMOVABLE_SPACE, '');
}

/**
 * Joins two normalised pieces with the separator the rules call for: nothing when either side is
 * empty, next to a CJK character, before closing punctuation or after an opening bracket, and one
 * space otherwise; equals `normalizeTranscript(a + ' ' + b)` for normalised `a` and `b`.
 */
export function joinSegments(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const last = codePointBefore(a, a.length);
  const first = String.fromCodePoint(b.codePointAt(0) ?? 0);
  const tight = isCjk(last) || isCjk(first) || CLOSING.test(first) || OPENING.test(last);
  return tight ? a + b : `${a} ${b}`;
}

/**
 * Whether normalised `text` can be cut at UTF-16 `index` without splitting a word: true at 0,
 * just before a space, and next to a CJK character (each one is a word); false inside a Latin
 * word (punctuation included, as in "Hello,"), inside a surrogate pair, and at or past the end,
 * because the last word of a hypothesis may still grow ("kit" → "kitchen").
 */
export function isWordBoundary(text: string, index: number): boolean {
  if (index === 0) return true;
  if (!Number.isInteger(index) || index < 0 || index >= text.length) return false;
  if (isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index))) {
    return false;
  }
  if (text[index] === ' ') return true;
  return isCjk(codePointBefore(text, index)) || isCjk(text.slice(index, index + 2));
}

/** The last word boundary of normalised `text` at or before UTF-16 `limit`, 0 when there is none (see {@link isWordBoundary}). */
export function lastWordBoundary(text: string, limit: number): number {
  for (let index = Math.min(Math.floor(limit), text.length - 1); index > 0; index--) {
    if (isWordBoundary(text, index)) return index;
  }
  return 0;
}

/** The code point that ends just before UTF-16 `index`, as a string ('' at 0). */
function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && isLowSurrogate(low) && isHighSurrogate(text.charCodeAt(index - 2))) {
    return text.slice(index - 2, index);
  }
  return text.slice(index - 1, index);
}

/** Whether a UTF-16 code unit is a high (leading) surrogate. */
function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Whether a UTF-16 code unit is a low (trailing) surrogate. */
function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
