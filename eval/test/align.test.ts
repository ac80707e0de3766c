import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlignOp, align, formatAlignment } from '../src/scoring/index.ts';

const words = (text: string) => text.split(' ').filter((w) => w !== '');
const letters = (ops: readonly AlignOp[]) => ops.map((o) => o.op).join('');

describe('align', () => {
  it('aligns identical sequences as all correct', () => {
    const a = align(words('the cat sat'), words('the cat sat'));
    expect(letters(a.ops)).toBe('CCC');
    expect(a.errors).toBe(0);
  });

  it('finds one substitution and one deletion (hand-checked)', () => {
    const a = align(words('the cat sat on the mat'), words('the cat sit on mat'));
    expect(a.ops).toEqual([
      { op: 'C', ref: 'the', hyp: 'the' },
      { op: 'C', ref: 'cat', hyp: 'cat' },
      { op: 'S', ref: 'sat', hyp: 'sit' },
      { op: 'C', ref: 'on', hyp: 'on' },
      { op: 'D', ref: 'the' },
      { op: 'C', ref: 'mat', hyp: 'mat' },
    ]);
    expect([a.substitutions, a.deletions, a.insertions, a.refLength, a.hypLength]).toEqual([1, 1, 0, 6, 5]);
  });

  it('places a repeated word as an insertion before its match (hand-checked)', () => {
    const a = align(words('turn on the lights'), words('turn on on the lights'));
    expect(a.ops).toEqual([
      { op: 'C', ref: 'turn', hyp: 'turn' },
      { op: 'I', hyp: 'on' },
      { op: 'C', ref: 'on', hyp: 'on' },
      { op: 'C', ref: 'the', hyp: 'the' },
      { op: 'C', ref: 'lights', hyp: 'lights' },
    ]);
    expect(a.insertions).toBe(1);
  });

  it('breaks ties towards substitution at the end, deletion earlier (hand-checked)', () => {
    const a = align(['a', 'b'], ['c']);
    expect(a.ops).toEqual([
      { op: 'D', ref: 'a' },
      { op: 'S', ref: 'b', hyp: 'c' },
    ]);
  });

  it('counts every reference token as deleted for an empty hypothesis', () => {
    const a = align(words('one two three'), []);
    expect(letters(a.ops)).toBe('DDD');
    expect([a.deletions, a.errors, a.refLength, a.hypLength]).toEqual([3, 3, 3, 0]);
  });

  it('counts every hypothesis token as inserted for an empty reference', () => {
    const a = align([], words('hello there'));
    expect(letters(a.ops)).toBe('II');
    expect([a.insertions, a.errors, a.refLength]).toEqual([2, 2, 0]);
  });

  it('gives an empty alignment for two empty sequences', () => {
    const a = align([], []);
    expect(a.ops).toEqual([]);
    expect(a.errors).toBe(0);
  });

  it('computes the classic kitten → sitting character distance (hand-checked)', () => {
    const a = align([...'kitten'], [...'sitting']);
    expect(letters(a.ops)).toBe('SCCCSCI');
    expect(a.errors).toBe(3);
  });

  it('formats an alignment as REF/HYP lines with gaps marked', () => {
    const a = align(words('a b c'), words('a x c d'));
    expect(formatAlignment(a.ops)).toBe('REF: a b c *\nHYP: a x c d\n       S   I');
  });

  it('equals the Levenshtein distance and rebuilds both sides (property)', () => {
    const token = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.array(token, { maxLength: 12 }), (ref, hyp) => {
        const a = align(ref, hyp);
        expect(a.errors).toBe(levenshtein(ref, hyp));
        expect(a.ops.flatMap((o) => (o.op === 'I' ? [] : [o.ref]))).toEqual(ref);
        expect(a.ops.flatMap((o) => (o.op === 'D' ? [] : [o.hyp]))).toEqual(hyp);
      }),
      { numRuns: 200 },
    );
  });
});

function levenshtein(a: readonly string[], b: readonly string[]): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(
        Math.min(
          (row[j] ?? 0) + 1,
          (next[j - 1] ?? 0) + 1,
          (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
