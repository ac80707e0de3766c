import { describe, expect, it } from 'vitest';
import { commonPrefixLength, droppedPartialChars, rewrittenChars } from '../src/targets/index.ts';

describe('rewrittenChars', () => {
  it('is 0 when the deltas are the final transcript', () => {
    expect(rewrittenChars(' turn on the lights', 'turn on the lights')).toBe(0);
  });

  it('counts streamed characters past the divergence from the final', () => {
    // "turn on the light" then the final says "turn off the lights": "on the light" (12) was replaced.
    expect(rewrittenChars(' turn on the light', 'turn off the lights')).toBe(12);
  });

  it('is 0 when the final only extends the deltas, even inside the last word', () => {
    expect(rewrittenChars(' set a', 'set a timer')).toBe(0);
    expect(rewrittenChars(' set a tim', 'set a timer')).toBe(0);
  });

  it('counts everything for deltas the final dropped entirely', () => {
    expect(rewrittenChars(' hello', '')).toBe(5);
  });
});

describe('droppedPartialChars', () => {
  it('counts partial text that the next partial or the final replaced', () => {
    // "turn of" → "turn on the": "of" is not a prefix of "on", so "of" (2) is dropped;
    // "turn on the" → the final "turn on the lights" keeps everything.
    expect(droppedPartialChars(['turn of', 'turn on the'], 'turn on the lights')).toBe(2);
    // "turn o" → "turn on": the last word is only completed.
    expect(droppedPartialChars(['turn o', 'turn on'], 'turn on')).toBe(0);
  });

  it('is 0 without partials', () => {
    expect(droppedPartialChars([], 'anything')).toBe(0);
  });
});

describe('commonPrefixLength', () => {
  it('measures the shared prefix', () => {
    expect(commonPrefixLength('abcd', 'abxd')).toBe(2);
    expect(commonPrefixLength('', 'a')).toBe(0);
  });
});
