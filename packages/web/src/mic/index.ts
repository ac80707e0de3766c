// Mic: AudioWorklet capture at the device rate → PCM16 frames at a protocol rate, typed errors.
export { type MicCapture, type MicOptions, micError, startMic } from './mic-capture.ts';
export { downmix, PcmFramer } from './pcm.ts';
export { CAPTURE_PROCESSOR, CAPTURE_WORKLET_SOURCE } from './worklet-source.ts';
