// Scoring: text normalisation, alignment, WER/CER and latency percentiles.
export {
  type Alignment,
  type AlignmentCounts,
  type AlignOp,
  align,
  countOps,
  formatAlignment,
} from './align.ts';
export {
  DEFAULT_SPELLINGS,
  type NormalizeOptions,
  normalizeText,
  normalizeWords,
  type SpellingMap,
} from './normalize.ts';
export { digitsToWords, integerToWords, MAX_SPELLED_INTEGER, NUMBER_WORDS } from './numbers.ts';
export { type LatencySummary, summarizeLatency } from './percentiles.ts';
export { type ClipScore, type CorpusRate, corpusRate, scoreClip } from './score.ts';
