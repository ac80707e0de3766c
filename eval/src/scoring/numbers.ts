/** Digits → English number words, for the number part of text normalisation. */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1_000_000_000, 'billion'],
  [1_000_000, 'million'],
  [1_000, 'thousand'],
];

/** Every word `integerToWords` can produce (the number vocabulary the normaliser recognises). */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...ONES,
  ...TENS.filter((t) => t !== ''),
  'hundred',
  ...SCALES.map(([, name]) => name),
  'point',
]);

/** Largest integer spelled out; longer digit strings are read digit by digit. */
export const MAX_SPELLED_INTEGER = 999_999_999_999;

function belowThousand(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(ONES[hundreds] ?? '', 'hundred');
  if (rest >= 20) {
    words.push(TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10 > 0) words.push(ONES[rest % 10] ?? '');
  } else if (rest > 0 || hundreds === 0) {
    words.push(ONES[rest] ?? '');
  }
  return words;
}

/** Spells a non-negative integer in US English without "and" (`1905` → `one thousand nine hundred five`). */
export function integerToWords(n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('expected a non-negative safe integer');
  if (n < 1000) return belowThousand(n);
  const words: string[] = [];
  let rest = n;
  for (const [scale, name] of SCALES) {
    const count = Math.floor(rest / scale);
    if (count > 0) words.push(...belowThousand(count), name);
    rest %= scale;
  }
  if (rest > 0) words.push(...belowThousand(rest));
  return words;
}

/** Spells a digit string: as one integer up to `MAX_SPELLED_INTEGER` (leading zeros read as "zero"), else digit by digit. */
export function digitsToWords(digits: string): string[] {
  if (!/^\d+$/.test(digits)) throw new RangeError('expected ASCII digits');
  const stripped = digits.replace(/^0+(?=\d)/, '');
  const zeros = digits.length - stripped.length;
  const value = Number(stripped);
  if (stripped.length > 12 || value > MAX_SPELLED_INTEGER) {
    return [...digits].map((d) => ONES[Number(d)] ?? '');
  }
  return [...Array.from({ length: zeros }, () => 'zero'), ...integerToWords(value)];
}
