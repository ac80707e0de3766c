// Whole-file transcription with the Node host.
export { type FileTranscript, readWav16k, transcribeFile } from './transcribe-file.ts';
