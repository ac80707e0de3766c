// Engine: the Recognizer interface, and the Qwen3-ASR implementation over an injected ONNX Runtime.
export * from './qwen3/index.ts';
export {
  type Hypothesis,
  type RecognitionOptions,
  type RecognitionStream,
  type Recognizer,
  type TokenLogprob,
  TRANSCRIPTION_DELAYS,
  type TranscriptionDelay,
} from './recognizer.ts';
export { SerialQueue } from './serial-queue.ts';
export * from './silero/index.ts';
