import { describe, expect, it } from 'vitest';
import { corpusRate, normalizeText, scoreClip, summarizeLatency } from '../src/scoring/index.ts';

describe('normalizeText', () => {
  it('lower-cases and drops punctuation', () => {
    expect(normalizeText('Turn ON the lights!  Please.')).toBe('turn on the lights please');
  });

  it('spells digits as words without "and"', () => {
    expect(normalizeText('Set a timer for 15 minutes')).toBe('set a timer for fifteen minutes');
    expect(normalizeText('105')).toBe(normalizeText('one hundred and five'));
    expect(normalizeText('1,500')).toBe('one thousand five hundred');
    expect(normalizeText('3.25')).toBe('three point two five');
    expect(normalizeText('007')).toBe('zero zero seven');
    expect(normalizeText('42nd')).toBe('forty two nd');
  });

  it('keeps "and" outside numbers', () => {
    expect(normalizeText('yes and no')).toBe('yes and no');
    expect(normalizeText('one hundred and the door')).toBe('one hundred and the door');
  });

  it('maps NATO spelling variants and joins x-ray', () => {
    expect(normalizeText('X-ray, Alpha, Juliet')).toBe('xray alfa juliett');
    expect(normalizeText('xray alfa juliett')).toBe('xray alfa juliett');
  });

  it('removes apostrophes inside words', () => {
    expect(normalizeText("It's the dog’s")).toBe('its the dogs');
  });

  it('returns an empty string for text without words', () => {
    expect(normalizeText(' ... ')).toBe('');
  });
});

describe('scoreClip', () => {
  it('scores normalised text, so formatting differences are not errors', () => {
    const s = scoreClip('set a timer for fifteen minutes', 'Set a timer for 15 minutes.');
    expect(s.wer).toBe(0);
    expect(s.cer).toBe(0);
  });

  it('reports word and character counts', () => {
    const s = scoreClip('the cat sat on the mat', 'the cat sit on mat');
    expect(s.words).toMatchObject({ substitutions: 1, deletions: 1, insertions: 0, refLength: 6 });
    expect(s.wer).toBeCloseTo(2 / 6);
    // "the cat sat on the mat" → "the cat sit on mat": a→i, and "the " deleted (4 chars).
    expect(s.chars).toMatchObject({ substitutions: 1, deletions: 4, insertions: 0, refLength: 22 });
  });

  it('gives WER 1 for an empty hypothesis', () => {
    const s = scoreClip('alfa bravo', '');
    expect(s.wer).toBe(1);
    expect(s.cer).toBe(1);
    expect(s.words.deletions).toBe(2);
  });

  it('gives a null WER for an empty reference but still counts insertions', () => {
    const s = scoreClip('', 'hello');
    expect(s.wer).toBeNull();
    expect(s.words.insertions).toBe(1);
  });
});

describe('corpusRate', () => {
  it('divides total errors by total reference words', () => {
    const a = scoreClip('a b', 'a c').words;
    const b = scoreClip('a b c d e f g h', 'a b c d e f g h').words;
    expect(corpusRate([a, b]).rate).toBeCloseTo(0.1);
  });

  it('is 0 for no words at all and infinite for insertions into nothing', () => {
    expect(corpusRate([scoreClip('', '').words]).rate).toBe(0);
    expect(corpusRate([scoreClip('', 'x').words]).rate).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('summarizeLatency', () => {
  it('gives the quantiles of a sample', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    const s = summarizeLatency(values);
    expect([s.count, s.min, s.p50, s.p90, s.p99, s.max]).toEqual([101, 0, 50, 90, 99, 100]);
  });

  it('gives nulls for an empty sample and ignores non-finite values', () => {
    expect(summarizeLatency([]).p50).toBeNull();
    expect(summarizeLatency([Number.NaN, 5]).p50).toBe(5);
  });
});
