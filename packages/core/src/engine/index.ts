// Engine: the Recognizer interface, the ONNX layer, and the Qwen3-ASR and Silero engines over an injected ONNX Runtime.
export {
  type BatchLane,
  BatchQueue,
  type BatchQueueOptions,
  type BatchQueueSettings,
  type BatchRunner,
  type JobOutcome,
} from './batch-queue.ts';
export { FairQueue, type LaneRunner } from './fair-queue.ts';
export * from './onnx/index.ts';
export * from './qwen3/index.ts';
export {
  type BatchStats,
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
export {
  CLIP_PIECE_SECONDS,
  type ClipTranscript,
  type ClipTranscriptionOptions,
  transcribeClip,
} from './transcribe-clip.ts';
