import {
  isCjk,
  isWordBoundary,
  joinSegments,
  lastWordBoundary,
  normalizeTranscript,
} from '@earshot/core/streaming';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawText } from './arbitraries.ts';

const RUNS = 1000;

describe('isCjk', () => {
  it('accepts Han, Kana, Bopomofo, CJK punctuation and full-width forms', () => {
    for (const char of ['你', '語', 'こ', 'カ', 'ｶ', 'ー', 'ㄅ', '。', '，', '、', '「', '！', '𠀀', '豈']) {
      expect(isCjk(char), char).toBe(true);
    }
  });

  it('rejects Hangul, Latin, digits, Latin punctuation, spaces and the empty string', () => {
    for (const char of ['안', 'ㄱ', 'a', 'Z', '7', ',', '.', '·', ' ', '\u3000', '', 'é']) {
      expect(isCjk(char), char).toBe(false);
    }
  });

  it('reads only the first code point', () => {
    expect(isCjk('你a')).toBe(true);
    expect(isCjk('a你')).toBe(false);
  });
});

/** What each rule of normalizeTranscript does, with raw → normalised examples. */
const NORMALIZE_RULES: ReadonlyArray<
  readonly [rule: string, examples: ReadonlyArray<readonly [string, string]>]
> = [
  [
    'collapses whitespace runs (newlines, tabs, NBSP, ideographic space) and trims',
    [['  turn\n on\t\tthe\u00a0lights \u3000', 'turn on the lights']],
  ],
  [
    'returns the empty string for empty and whitespace-only text',
    [
      ['', ''],
      [' \n\t\u00a0 ', ''],
    ],
  ],
  [
    'composes to NFC',
    [
      ['cafe\u0301', 'caf\u00e9'],
      ['\uf900', '\u8c48'],
    ],
  ],
  [
    'removes spaces between Han and Kana characters and around CJK punctuation',
    [
      ['今天 天气 很好 。', '今天天气很好。'],
      ['こんにちは 、 世界', 'こんにちは、世界'],
      ['你好 ， 世界 ！', '你好，世界！'],
    ],
  ],
  ['keeps spaces between Korean words', [['안녕하세요   여러분 .', '안녕하세요 여러분.']]],
  [
    'removes the space between CJK and adjacent Latin text',
    [
      ['我 用 ChatGPT 写 代码', '我用ChatGPT写代码'],
      ['Earshot は 速い', 'Earshotは速い'],
    ],
  ],
  [
    'removes spaces before closing punctuation and after opening brackets',
    [
      ['Hello , world ! ( yes ) ok ; fine : done …', 'Hello, world! (yes) ok; fine: done…'],
      ['[ a ] { b }', '[a] {b}'],
    ],
  ],
  [
    'keeps a space before an opening bracket and after closing punctuation',
    [['see (this), then go', 'see (this), then go']],
  ],
];

describe('normalizeTranscript', () => {
  for (const [rule, examples] of NORMALIZE_RULES) {
    it(rule, () => {
      for (const [raw, normalized] of examples) expect(normalizeTranscript(raw), raw).toBe(normalized);
    });
  }

  it('is idempotent on pool text', () => {
    fc.assert(
      fc.property(rawText(), (raw) => {
        const once = normalizeTranscript(raw);
        expect(normalizeTranscript(once)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (raw) => {
        const once = normalizeTranscript(raw);
        expect(normalizeTranscript(once)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves only single spaces, none at the ends and none next to CJK', () => {
    fc.assert(
      fc.property(rawText(), (raw) => {
        const text = normalizeTranscript(raw);
        expect(text).toBe(text.trim());
        expect(text).not.toMatch(/\s\s|[^\S ]/u);
        const chars = [...text];
        chars.forEach((char, index) => {
          if (char !== ' ') return;
          expect(isCjk(chars[index - 1] ?? '')).toBe(false);
          expect(isCjk(chars[index + 1] ?? '')).toBe(false);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** What joinSegments puts between two pieces, with (a, b) → joined examples. */
const JOIN_RULES: ReadonlyArray<
  readonly [rule: string, examples: ReadonlyArray<readonly [string, string, string]>]
> = [
  ['puts a space between Latin words', [['turn on', 'the lights', 'turn on the lights']]],
  [
    'puts nothing between CJK pieces or between CJK and Latin',
    [
      ['今天', '天气', '今天天气'],
      ['我用', 'ChatGPT', '我用ChatGPT'],
      ['ChatGPT', '写代码', 'ChatGPT写代码'],
    ],
  ],
  [
    'puts nothing before punctuation or after an opening bracket',
    [
      ['Hello', ', world.', 'Hello, world.'],
      ['see (', 'this)', 'see (this)'],
    ],
  ],
  ['keeps the space between Korean words', [['안녕하세요', '여러분', '안녕하세요 여러분']]],
  [
    'returns the other piece when one is empty',
    [
      ['', 'a b', 'a b'],
      ['a b', '', 'a b'],
      ['', '', ''],
    ],
  ],
];

describe('joinSegments', () => {
  for (const [rule, examples] of JOIN_RULES) {
    it(rule, () => {
      for (const [a, b, joined] of examples) expect(joinSegments(a, b), `${a} + ${b}`).toBe(joined);
    });
  }

  it('equals normalizeTranscript(a + " " + b) for normalised pieces', () => {
    fc.assert(
      fc.property(rawText(), rawText(), (rawA, rawB) => {
        const a = normalizeTranscript(rawA);
        const b = normalizeTranscript(rawB);
        expect(joinSegments(a, b)).toBe(normalizeTranscript(`${a} ${b}`));
      }),
      { numRuns: RUNS },
    );
  });
});

/** Positions isWordBoundary accepts, then those it refuses, each with its rule. */
const BOUNDARY_RULES: ReadonlyArray<
  readonly [rule: string, boundary: boolean, positions: ReadonlyArray<readonly [string, number]>]
> = [
  [
    'is true at 0, before a space and next to a CJK character',
    true,
    [
      ['turn on', 0],
      ['turn on', 4],
      ['今天天气', 1],
      ['我用ChatGPT写', 2],
      ['我用ChatGPT写', 9],
    ],
  ],
  [
    'is false inside a word, before attached punctuation, after a space and at the end',
    false,
    [
      ['kitchen', 3],
      ['Hello, world', 5],
      ['turn on', 5],
      ['turn on', 7],
      ['안녕하세요', 2],
      ['turn', -1],
      ['turn', 1.5],
    ],
  ],
];

describe('isWordBoundary', () => {
  for (const [rule, boundary, positions] of BOUNDARY_RULES) {
    it(rule, () => {
      for (const [text, index] of positions) {
        expect(isWordBoundary(text, index), `${text} @ ${index}`).toBe(boundary);
      }
    });
  }

  it('is false inside a surrogate pair', () => {
    expect(isWordBoundary('𠀀𠀁', 1)).toBe(false);
    expect(isWordBoundary('𠀀𠀁', 2)).toBe(true);
  });
});

describe('lastWordBoundary', () => {
  it('finds the last boundary at or before the limit, strictly inside the text', () => {
    expect(lastWordBoundary('turn on the kitchen', 15)).toBe(11);
    expect(lastWordBoundary('turn on the kitchen', 100)).toBe(11);
    expect(lastWordBoundary('今天天气', 10)).toBe(3);
    expect(lastWordBoundary('kitchen', 7)).toBe(0);
    expect(lastWordBoundary('', 3)).toBe(0);
  });

  it('never returns a position that splits a word of the pool', () => {
    fc.assert(
      fc.property(rawText(), fc.nat({ max: 80 }), (raw, limit) => {
        const text = normalizeTranscript(raw);
        const cut = lastWordBoundary(text, limit);
        expect(cut).toBeLessThanOrEqual(Math.max(0, Math.min(limit, text.length - 1)));
        expect(isWordBoundary(text, cut)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
