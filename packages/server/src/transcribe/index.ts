// Whole-file transcription with the Node host.
export { type FileTranscript, readWav16k, transcribeFile } from './transcribe-file.ts';
export {
  FILE_PIECE_SECONDS,
  type SampleTranscriptionOptions,
  STREAM_PIECE_SECONDS,
  transcribeSamples,
} from './transcribe-samples.ts';
