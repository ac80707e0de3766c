/**
 * Audio front end: protocol bytes (base64, PCM16, G.711) → 16 kHz float samples → log-mel features,
 * plus WAV reading and writing. Other folders import audio only through this file.
 */

// Transport encoding.
export { decodeBase64, encodeBase64 } from './base64.ts';
// Sample decoding.
export { ByteStreamDecoder, decodeAlaw, decodeMulaw, decodePcm16 } from './decoders.ts';
export { encodeAlaw, encodeAudio, encodeMulaw, encodePcm16 } from './encoders.ts';
// Spectral building blocks.
export { ComplexFft } from './fft.ts';
// Formats of the Realtime protocol.
export type { AudioFormat, PcmaFormat, PcmFormat, PcmuFormat } from './formats.ts';
export { bytesPerSampleOf, sampleRateOf } from './formats.ts';
// Model features.
export { IncrementalLogMel } from './incremental-log-mel.ts';
// Bytes in, 16 kHz samples out.
export { InputAudioPipeline } from './input-pipeline.ts';
export type { LogMelSpectrogram, MelConfig } from './log-mel.ts';
export { DEFAULT_MEL_CONFIG, logMelFrameCount, logMelSpectrogram, slaneyMelFilterBank } from './log-mel.ts';
export { RealFft } from './real-fft.ts';
// Sample-rate conversion.
export { resampleClip, StreamingResampler } from './resampler.ts';
// WAV files.
export type { WavAudio, WavErrorCode } from './wav.ts';
export {
  encodeWavPcm16,
  parseWav,
  WAV_MAX_SAMPLE_RATE,
  WAV_MIN_SAMPLE_RATE,
  WavFormatError,
} from './wav.ts';
