import { describe, expect, it } from 'vitest';
import { repetitionCut, splitOutput } from '../../src/engine/index.ts';

describe('splitOutput', () => {
  it('splits the language header from the text at the first <asr_text>', () => {
    expect(splitOutput([5, 6, 99, 7, 8, 99, 9], 99)).toEqual({
      headerIds: [5, 6],
      textIds: [7, 8, 99, 9],
      tagged: true,
    });
  });

  it('treats untagged output as all text', () => {
    expect(splitOutput([7, 8], 99)).toEqual({ headerIds: [], textIds: [7, 8], tagged: false });
  });
});

describe('repetitionCut', () => {
  it('cuts a loop of one token repeated more than four times after its first occurrence', () => {
    expect(repetitionCut([1, 2, 3, 3, 3, 3, 3])).toBe(3);
  });

  it('cuts a loop of a multi-token cycle', () => {
    expect(repetitionCut([9, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2])).toBe(3);
  });

  it('leaves ordinary repetition alone', () => {
    expect(repetitionCut([1, 2, 2, 2, 3, 4])).toBeNull();
    expect(repetitionCut([1, 2, 1, 2, 1, 2])).toBeNull();
  });
});
