// Silero VAD v5 behind the core SpeechScorer interface, on the injected ONNX Runtime.
export { SileroVad } from './silero-vad.ts';
