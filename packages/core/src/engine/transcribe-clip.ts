/**
 * The one whole-clip path — `earshot transcribe`, `npm run transcribe`, the REST endpoint and
 * `Qwen3Recognizer.transcribe` all use it, so the same audio gives the same text everywhere. The
 * clip is fed to one recognition stream in 2 s pieces: without `onDelta` each piece is followed by
 * `cut` (segments close at their pauses and are decoded once, whole; no partial decodes); with
 * `onDelta` by `update`, and the stable text of each hypothesis is reported as it grows.
 */
import { MODEL_SAMPLE_RATE } from '../constants.ts';
import { TranscriptState } from '../streaming/transcript-state.ts';
import type { Hypothesis, RecognitionOptions, Recognizer } from './recognizer.ts';

/** Seconds of audio fed between two steps of the stream. */
export const CLIP_PIECE_SECONDS = 2;

/** Options of `transcribeClip`. */
export interface ClipTranscriptionOptions extends RecognitionOptions {
  /** Receives each new piece of stable text (e.g. SSE `transcript.text.delta`); turns on partial decodes. */
  readonly onDelta?: (delta: string) => void;
  /** Aborts the decodes (the client went away, the user cancelled). */
  readonly signal?: AbortSignal;
}

/** A clip's transcript: the normalised text, and the final hypothesis it came from (language, tokens, logprobs). */
export interface ClipTranscript {
  readonly text: string;
  readonly hypothesis: Hypothesis;
}

/** Transcribes 16 kHz mono samples with one stream of `recognizer`. */
export async function transcribeClip(
  recognizer: Recognizer,
  samples: Float32Array,
  options: ClipTranscriptionOptions = {},
): Promise<ClipTranscript> {
  const { onDelta, signal, ...recognition } = options;
  const stream = recognizer.start(recognition);
  const state = new TranscriptState();
  const piece = CLIP_PIECE_SECONDS * MODEL_SAMPLE_RATE;
  try {
    for (let offset = 0; offset < samples.length; offset += piece) {
      stream.append(samples.subarray(offset, offset + piece));
      if (offset + piece >= samples.length) break;
      if (signal?.aborted) throw signal.reason;
      if (onDelta === undefined) {
        await stream.cut?.(signal);
        continue;
      }
      const hypothesis = await stream.update(signal);
      if (hypothesis === null) continue;
      const { delta } = state.update(hypothesis);
      if (delta !== '') onDelta(delta);
    }
    if (signal?.aborted) throw signal.reason;
    const hypothesis = await stream.finalize(signal);
    const final = state.finish(hypothesis.text);
    if (final.delta !== '') onDelta?.(final.delta);
    return { text: final.transcript, hypothesis };
  } finally {
    stream.close();
  }
}
