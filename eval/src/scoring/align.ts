/**
 * Levenshtein alignment of a reference and a hypothesis token sequence (words or characters),
 * with unit costs and a fixed tie-break on the way back: match/substitution first, then deletion,
 * then insertion — so equal-cost alignments always come out the same way.
 */

/** One aligned position: `C` correct, `S` substitution, `D` deletion (reference token missing), `I` insertion. */
export type AlignOp =
  | { readonly op: 'C'; readonly ref: string; readonly hyp: string }
  | { readonly op: 'S'; readonly ref: string; readonly hyp: string }
  | { readonly op: 'D'; readonly ref: string }
  | { readonly op: 'I'; readonly hyp: string };

/** Error counts of an alignment: `errors = substitutions + deletions + insertions`. */
export interface AlignmentCounts {
  readonly correct: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  /** Tokens in the reference (`correct + substitutions + deletions`). */
  readonly refLength: number;
  /** Tokens in the hypothesis (`correct + substitutions + insertions`). */
  readonly hypLength: number;
  readonly errors: number;
}

/** An alignment and its counts. */
export interface Alignment extends AlignmentCounts {
  readonly ops: readonly AlignOp[];
}

/** Aligns `hyp` to `ref` with minimum edit distance; O(|ref|·|hyp|) time and memory. */
export function align(ref: readonly string[], hyp: readonly string[]): Alignment {
  const n = ref.length;
  const m = hyp.length;
  const width = m + 1;
  const cost = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * width] = i;
    for (let j = 1; j <= m; j++) {
      const diagonal = (cost[(i - 1) * width + j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      const up = (cost[(i - 1) * width + j] ?? 0) + 1;
      const left = (cost[i * width + j - 1] ?? 0) + 1;
      cost[i * width + j] = Math.min(diagonal, up, left);
    }
  }
  const ops: AlignOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j] ?? 0;
    if (i > 0 && j > 0) {
      const r = ref[i - 1] ?? '';
      const h = hyp[j - 1] ?? '';
      const same = r === h;
      if (here === (cost[(i - 1) * width + j - 1] ?? 0) + (same ? 0 : 1)) {
        ops.push(same ? { op: 'C', ref: r, hyp: h } : { op: 'S', ref: r, hyp: h });
        i -= 1;
        j -= 1;
        continue;
      }
    }
    if (i > 0 && here === (cost[(i - 1) * width + j] ?? 0) + 1) {
      ops.push({ op: 'D', ref: ref[i - 1] ?? '' });
      i -= 1;
    } else {
      ops.push({ op: 'I', hyp: hyp[j - 1] ?? '' });
      j -= 1;
    }
  }
  ops.reverse();
  return { ops, ...countOps(ops) };
}

/** Counts the operations of an alignment. */
export function countOps(ops: readonly AlignOp[]): AlignmentCounts {
  let correct = 0;
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  for (const { op } of ops) {
    if (op === 'C') correct += 1;
    else if (op === 'S') substitutions += 1;
    else if (op === 'D') deletions += 1;
    else insertions += 1;
  }
  return {
    correct,
    substitutions,
    deletions,
    insertions,
    refLength: correct + substitutions + deletions,
    hypLength: correct + substitutions + insertions,
    errors: substitutions + deletions + insertions,
  };
}

/** Renders an alignment as three aligned lines (REF, HYP, and the op letters; `*` marks a gap). */
export function formatAlignment(ops: readonly AlignOp[]): string {
  const refs: string[] = [];
  const hyps: string[] = [];
  const marks: string[] = [];
  for (const entry of ops) {
    const r = entry.op === 'I' ? '*' : entry.ref;
    const h = entry.op === 'D' ? '*' : entry.hyp;
    const w = Math.max(r.length, h.length, 1);
    refs.push(r.padEnd(w));
    hyps.push(h.padEnd(w));
    marks.push((entry.op === 'C' ? '' : entry.op).padEnd(w));
  }
  return [`REF: ${refs.join(' ')}`, `HYP: ${hyps.join(' ')}`, `     ${marks.join(' ')}`]
    .map((l) => l.trimEnd())
    .join('\n');
}
