/**
 * Whole-file transcription over the shared `Recognizer`: the audio is fed to one recognition
 * stream piece by piece, with a decode between pieces, so that every model job stays short (other
 * sessions get their turn between them) and the stream's bounded window applies to long files.
 */

import { MODEL_SAMPLE_RATE } from '@earshot/core';
import type { RecognitionOptions, Recognizer } from '@earshot/core/engine';
import { TranscriptState } from '@earshot/core/streaming';

/** Piece of audio, in seconds, fed between decodes when no deltas are streamed. */
export const FILE_PIECE_SECONDS = 8;

/** Piece of audio, in seconds, fed between decodes when deltas are streamed (`stream=true`). */
export const STREAM_PIECE_SECONDS = 2;

/** Options of `transcribeSamples`. */
export interface SampleTranscriptionOptions extends RecognitionOptions {
  /** Receives each new piece of stable text (the SSE `transcript.text.delta` events); turns on streaming. */
  readonly onDelta?: (delta: string) => void;
  /** Aborts the decodes (the client went away). */
  readonly signal?: AbortSignal;
}

/** Transcribes 16 kHz mono samples; resolves to the final, normalised transcript. */
export async function transcribeSamples(
  recognizer: Recognizer,
  samples: Float32Array,
  options: SampleTranscriptionOptions = {},
): Promise<string> {
  const { onDelta, signal } = options;
  const stream = recognizer.start({ language: options.language ?? null, prompt: options.prompt ?? null });
  const state = new TranscriptState();
  const piece = (onDelta === undefined ? FILE_PIECE_SECONDS : STREAM_PIECE_SECONDS) * MODEL_SAMPLE_RATE;
  const fitsOneDecode = onDelta === undefined && samples.length <= 2 * piece;
  try {
    for (let offset = 0; offset < samples.length; offset += fitsOneDecode ? samples.length : piece) {
      const end = fitsOneDecode ? samples.length : Math.min(samples.length, offset + piece);
      stream.append(samples.subarray(offset, end));
      if (end >= samples.length) break;
      signal?.throwIfAborted();
      const hypothesis = await stream.update(signal);
      if (hypothesis === null || onDelta === undefined) continue;
      const { delta } = state.update(hypothesis);
      if (delta !== '') onDelta(delta);
    }
    signal?.throwIfAborted();
    const final = state.finish((await stream.finalize(signal)).text);
    if (final.delta !== '') onDelta?.(final.delta);
    return final.transcript;
  } finally {
    stream.close();
  }
}
