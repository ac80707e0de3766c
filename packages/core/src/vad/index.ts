// Voice activity detection: scorers behind one interface, and the turn segmenter.
export { type EnergyScorerOptions, EnergySpeechScorer } from './energy-scorer.ts';
export { VadSegmenter } from './segmenter.ts';
export type { SpeechScorer, VadEvent, VadSettings } from './types.ts';
