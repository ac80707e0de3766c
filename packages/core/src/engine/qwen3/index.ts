// The Qwen3-ASR engine (layout v2 ONNX) over an injected ONNX Runtime.
export { type AudioDecodeJob, BatchDecoder, type BatchedSessions } from './batch-decoder.ts';
export { type DecodeBackend, localBackend } from './decode-backend.ts';
export { buildPrompt, Generation, type GenerationRequest, type Prompt } from './generation.ts';
export { checkQwen3Graph, LAYOUT_V2, LAYOUT_V2_BATCHED } from './graph-contract.ts';
export { type ProfileOptions, type ProfileResult, profileModel, syntheticSpeech } from './profile.ts';
export {
  argmax,
  type DecodeRequest,
  type DecodeResult,
  Qwen3AsrModel,
  type Qwen3LoadOptions,
  type Qwen3ModelDescription,
} from './qwen3-model.ts';
export { Qwen3Recognizer, type Qwen3RecognizerOptions } from './qwen3-recognizer.ts';
export {
  DEFAULT_STREAMING_POLICY,
  Qwen3Stream,
  type StreamingPolicy,
  type WindowDecoder,
} from './qwen3-stream.ts';
export { repetitionCut, splitOutput } from './transcript-parser.ts';
