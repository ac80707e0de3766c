/**
 * Streaming transcript state: normalisation and joining rules (whitespace, punctuation, CJK)
 * and the per-item state that turns successive hypotheses into append-only deltas.
 */

export { isCjk, isWordBoundary, joinSegments, lastWordBoundary, normalizeTranscript } from './normalize.ts';
export type { HypothesisText, TranscriptFinish, TranscriptUpdate } from './transcript-state.ts';
export { TranscriptState } from './transcript-state.ts';
