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

describe('normalizeTranscript', () => {
  it('collapses whitespace runs (newlines, tabs, NBSP, ideographic space) and trims', () => {
    expect(normalizeTranscript('  turn\n on\t\tthe\u00a0lights \u3000')).toBe('turn on the lights');
  });

  it('returns the empty string for empty and whitespace-only text', () => {
    expect(normalizeTranscript('')).toBe('');
    expect(normalizeTranscript(' \n\t\u00a0 ')).toBe('');
  });

  it('composes to NFC', () => {
    expect(normalizeTranscript('cafe\u0301')).toBe('caf\u00e9');
    expect(normalizeTranscript('\uf900')).toBe('\u8c48');
  });

  it('removes spaces between Han and Kana characters and around CJK punctuation', () => {
    expect(normalizeTranscript('今天 天气 很好 。')).toBe('今天天气很好。');
    expect(normalizeTranscript('こんにちは 、 世界')).toBe('こんにちは、世界');
    expect(normalizeTranscript('你好 ， 世界 ！')).toBe('你好，世界！');
  });

  it('keeps spaces between Korean words', () => {
    expect(normalizeTranscript('안녕하세요   여러분 .')).toBe('안녕하세요 여러분.');
  });

  it('removes the space between CJK and adjacent Latin text', () => {
    expect(normalizeTranscript('我 用 ChatGPT 写 代码')).toBe('我用ChatGPT写代码');
    expect(normalizeTranscript('Earshot は 速い')).toBe('Earshotは速い');
  });

  it('removes spaces before closing punctuation and after opening brackets', () => {
    expect(normalizeTranscript('Hello , world ! ( yes ) ok ; fine : done …')).toBe(
      'Hello, world! (yes) ok; fine: done…',
    );
    expect(normalizeTranscript('[ a ] { b }')).toBe('[a] {b}');
  });

  it('keeps a space before an opening bracket and after closing punctuation', () => {
    expect(normalizeTranscript('see (this), then go')).toBe('see (this), then go');
  });

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

describe('joinSegments', () => {
  it('puts a space between Latin words', () => {
    expect(joinSegments('turn on', 'the lights')).toBe('turn on the lights');
  });

  it('puts nothing between CJK pieces or between CJK and Latin', () => {
    expect(joinSegments('今天', '天气')).toBe('今天天气');
    expect(joinSegments('我用', 'ChatGPT')).toBe('我用ChatGPT');
    expect(joinSegments('ChatGPT', '写代码')).toBe('ChatGPT写代码');
  });

  it('puts nothing before punctuation or after an opening bracket', () => {
    expect(joinSegments('Hello', ', world.')).toBe('Hello, world.');
    expect(joinSegments('see (', 'this)')).toBe('see (this)');
  });

  it('keeps the space between Korean words', () => {
    expect(joinSegments('안녕하세요', '여러분')).toBe('안녕하세요 여러분');
  });

  it('returns the other piece when one is empty', () => {
    expect(joinSegments('', 'a b')).toBe('a b');
    expect(joinSegments('a b', '')).toBe('a b');
    expect(joinSegments('', '')).toBe('');
  });

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

describe('isWordBoundary', () => {
  it('is true at 0, before a space and next to a CJK character', () => {
    expect(isWordBoundary('turn on', 0)).toBe(true);
    expect(isWordBoundary('turn on', 4)).toBe(true);
    expect(isWordBoundary('今天天气', 1)).toBe(true);
    expect(isWordBoundary('我用ChatGPT写', 2)).toBe(true);
    expect(isWordBoundary('我用ChatGPT写', 9)).toBe(true);
  });

  it('is false inside a word, before attached punctuation, after a space and at the end', () => {
    expect(isWordBoundary('kitchen', 3)).toBe(false);
    expect(isWordBoundary('Hello, world', 5)).toBe(false);
    expect(isWordBoundary('turn on', 5)).toBe(false);
    expect(isWordBoundary('turn on', 7)).toBe(false);
    expect(isWordBoundary('안녕하세요', 2)).toBe(false);
    expect(isWordBoundary('turn', -1)).toBe(false);
    expect(isWordBoundary('turn', 1.5)).toBe(false);
  });

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
