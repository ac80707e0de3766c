// Audio files: browser decoding and PCM16 chunking for the protocol.
export { type DecodedAudio, decodeAudioFile, toPcm16Chunks } from './decode-file.ts';
