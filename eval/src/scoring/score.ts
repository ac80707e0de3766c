/** WER and CER of one clip and of a whole run, over normalised text. */
import { type AlignmentCounts, type AlignOp, align } from './align.ts';
import { type NormalizeOptions, normalizeWords } from './normalize.ts';

/** The score of one clip: normalised texts, the word alignment and the word and character counts. */
export interface ClipScore {
  /** Normalised reference (scoring words separated by single spaces). */
  readonly reference: string;
  /** Normalised hypothesis. */
  readonly hypothesis: string;
  readonly words: AlignmentCounts;
  readonly chars: AlignmentCounts;
  /** Word alignment, for the per-clip listing. */
  readonly alignment: readonly AlignOp[];
  /** Word errors / reference words; null when the reference is empty (undefined ratio). */
  readonly wer: number | null;
  /** Character errors / reference characters (spaces between words count); null for an empty reference. */
  readonly cer: number | null;
}

/** Scores one hypothesis against its reference after normalising both. */
export function scoreClip(reference: string, hypothesis: string, options: NormalizeOptions = {}): ClipScore {
  const refWords = normalizeWords(reference, options);
  const hypWords = normalizeWords(hypothesis, options);
  const words = align(refWords, hypWords);
  const refText = refWords.join(' ');
  const hypText = hypWords.join(' ');
  const chars = align([...refText], [...hypText]);
  const { ops, ...wordCounts } = words;
  const { ops: _charOps, ...charCounts } = chars;
  return {
    reference: refText,
    hypothesis: hypText,
    words: wordCounts,
    chars: charCounts,
    alignment: ops,
    wer: ratio(wordCounts),
    cer: ratio(charCounts),
  };
}

function ratio(counts: AlignmentCounts): number | null {
  return counts.refLength === 0 ? null : counts.errors / counts.refLength;
}

/** Totals over many clips, and the corpus rate (total errors / total reference tokens, 0 when both are empty). */
export interface CorpusRate extends AlignmentCounts {
  readonly rate: number;
}

/** Sums alignment counts over clips into one corpus-level rate (micro average, as WER is usually reported). */
export function corpusRate(counts: readonly AlignmentCounts[]): CorpusRate {
  const sum = (key: keyof AlignmentCounts) => counts.reduce((total, c) => total + c[key], 0);
  const totals = {
    correct: sum('correct'),
    substitutions: sum('substitutions'),
    deletions: sum('deletions'),
    insertions: sum('insertions'),
    refLength: sum('refLength'),
    hypLength: sum('hypLength'),
    errors: sum('errors'),
  };
  const rate =
    totals.refLength === 0
      ? totals.errors === 0
        ? 0
        : Number.POSITIVE_INFINITY
      : totals.errors / totals.refLength;
  return { ...totals, rate };
}
