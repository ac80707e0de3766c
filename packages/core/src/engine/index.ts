export type { Hypothesis, RecognitionOptions, RecognitionStream, Recognizer } from './recognizer.ts';
