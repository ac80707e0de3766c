/**
 * Interim `npm start` (until the server and embedded model land): runs a bundled espeak clip
 * through the core's real audio path — WAV parse, 24 kHz PCM16 client stream, streaming resampler,
 * server VAD turn boundaries and the 128-bin log-mel front end — and prints what it found.
 */
import { readFileSync } from 'node:fs';
import {
  encodePcm16,
  InputAudioPipeline,
  logMelSpectrogram,
  parseWav,
  StreamingResampler,
} from '../packages/core/src/audio/index.ts';
import { EnergySpeechScorer, VadSegmenter } from '../packages/core/src/vad/index.ts';

const path = 'packages/testkit/fixtures/audio/kitchen-lights-24k.wav';
const wav = parseWav(new Uint8Array(readFileSync(path)));
console.log(`Earshot core demo — ${path}: ${wav.samples.length / wav.sampleRate} s at ${wav.sampleRate} Hz`);

// Encode as a client would (PCM16 LE), then decode + resample in odd-sized chunks as a session does.
const pcm = encodePcm16(wav.samples);
const pipeline = new InputAudioPipeline({ type: 'audio/pcm', rate: wav.sampleRate });
const parts: Float32Array[] = [];
for (let i = 0; i < pcm.length; i += 4801) parts.push(pipeline.push(pcm.subarray(i, i + 4801)));
parts.push(pipeline.flush());
const audio16k = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
let offset = 0;
for (const part of parts) {
  audio16k.set(part, offset);
  offset += part.length;
}
console.log(`resampled to 16 kHz: ${audio16k.length} samples (${StreamingResampler.name})`);

const padded = new Float32Array(audio16k.length + 16000 * 1.5);
padded.set(audio16k, 8000);
const vad = new VadSegmenter(new EnergySpeechScorer(), { threshold: 0.5, silenceDurationMs: 500 });
for (const event of await vad.process(padded))
  console.log(`VAD ${event.type} at ${(event.sample / 16).toFixed(0)} ms`);

const mel = logMelSpectrogram(audio16k);
console.log(`log-mel: ${mel.nMels} bins × ${mel.frames} frames (the model's [1,128,T] input)`);
console.log('The Realtime server and in-page engine run this path with the embedded model once they land.');
