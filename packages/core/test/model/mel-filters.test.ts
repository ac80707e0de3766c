import { describe, expect, it } from 'vitest';
import { parseMelFilters } from '../../src/model/index.ts';

const rows = [
  [1, 0, 0],
  [0, 0.5, 0.25],
];

describe('parseMelFilters', () => {
  it('reads a bare 2-D array (Earshot) and the public {n_mels, n_freqs, data} object alike', () => {
    const bare = parseMelFilters('mel_filters.json', JSON.stringify(rows), 2, 3);
    const object = parseMelFilters(
      'mel_filters.json',
      JSON.stringify({ n_mels: 2, n_freqs: 3, data: rows }),
      2,
      3,
    );
    expect([...bare]).toEqual([1, 0, 0, 0, 0.5, 0.25]);
    expect([...object]).toEqual([...bare]);
  });

  it.each([
    ['rows of the wrong length', rows, 2, 4],
    ['too few rows', rows, 3, 3],
    ['a declared shape that differs', { n_mels: 2, n_freqs: 4, data: rows }, 2, 3],
  ])('rejects %s with EARSHOT_ERR_MODEL_CONFIG', (_name, value, nMels, bins) => {
    expect(() => parseMelFilters('mel_filters.json', JSON.stringify(value), nMels, bins)).toThrow(
      expect.objectContaining({ code: 'EARSHOT_ERR_MODEL_CONFIG', file: 'mel_filters.json' }),
    );
  });

  it('names the field of an object without data', () => {
    expect(() => parseMelFilters('mel_filters.json', JSON.stringify({ n_mels: 2 }), 2, 3)).toThrow(
      /mel_filters.json/,
    );
  });
});
