/** What the harness records for one clip (JSON-serialisable: it crosses from the page to Node). */

import type { TranscriptionDelay } from '@earshot/core';

/** Options of one streamed clip, the same for every target. */
export interface StreamOptions {
  /** Rate of the audio sent, in Hz (PCM16: 16000, 24000 or 48000, OpenAI accepts only 24000; G.711: 8000). */
  readonly rate: number;
  /** Wire format: PCM16 at `rate`, or G.711 µ-law / A-law at 8 kHz (default `audio/pcm`). */
  readonly format?: 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';
  /** `realtime`: each chunk at its real-time offset; `fast`: as fast as the socket accepts. */
  readonly pacing: 'realtime' | 'fast';
  /** `server`: server VAD commits; `manual`: the harness commits after the last audio. */
  readonly vad: 'server' | 'manual';
  /** Audio per `input_audio_buffer.append`, in ms. */
  readonly chunkMs: number;
  /** Silence sent after the clip with server VAD, in ms, so the VAD can see the speech end. */
  readonly tailMs: number;
  /** Most time to wait for the last result after the audio is sent, in ms. */
  readonly timeoutMs: number;
  /** `session.audio.input.transcription.model`; absent: the server's default (required by OpenAI). */
  readonly model?: string;
  /** `session.audio.input.transcription.language` (ISO-639-1). */
  readonly language?: string;
  /** Ask for Earshot's `earshot.transcription.partial` extension (Earshot hosts only). */
  readonly partials?: boolean;
  /** `session.audio.input.transcription.delay` (minimal … xhigh); absent: the server's default. */
  readonly delay?: TranscriptionDelay;
}

/** One conversation item of a clip. */
export interface ItemRecord {
  readonly itemId: string;
  /** How the item was committed: by server VAD, by the harness (manual mode, or an item VAD left open). */
  readonly committedBy: 'vad' | 'client';
  /** `completed.transcript`, or null when the item failed or never completed. */
  readonly transcript: string | null;
  /** Concatenated `delta` texts. */
  readonly deltaText: string;
  readonly deltas: number;
  /** Ms from the first append to this item's first delta. */
  readonly firstDeltaMs: number | null;
  /** Ms from the end reference (`speech_stopped` for VAD commits, else the commit sent after the last audio) to `completed`. */
  readonly finalLatencyMs: number | null;
  /** Characters of the delta text not kept by the final transcript (see `rewrittenChars`). */
  readonly rewrittenChars: number;
  /** `earshot.transcription.partial` events received. */
  readonly partials: number;
  /** Characters of partial text (stable + tentative) that a later partial or the final did not keep. */
  readonly droppedPartialChars: number;
}

/** An error seen during a clip: an `error` event, a failed transcription, a timeout or a lost connection. */
export interface ClipError {
  readonly code: string;
  readonly message: string;
}

/** Everything measured for one clip. */
export interface ClipRecord {
  /** Final transcripts of the clip's items, joined with spaces, in commit order. */
  readonly transcript: string;
  readonly items: readonly ItemRecord[];
  /** Ms from the first append to the first delta of any counted item; null when no delta came. */
  readonly firstDeltaMs: number | null;
  /** Final latency of the clip's last item, in ms. */
  readonly finalLatencyMs: number | null;
  /** What the final latency is measured from: VAD's `speech_stopped`, the commit right after the last audio (manual), or the end-of-audio commit that closed an item the VAD left open. */
  readonly finalLatencyFrom: 'speech_stopped' | 'last_audio' | 'barrier_commit' | null;
  readonly deltas: number;
  readonly rewrittenChars: number;
  readonly droppedPartialChars: number;
  /** Where speech begins and ends in the clip's audio, in ms (20 ms blocks within 30 dB of the loudest). */
  readonly speechOnsetMs: number | null;
  readonly speechEndMs: number | null;
  /** Ms from speech onset to the first delta (real-time pacing: audio time is wall time). */
  readonly firstDeltaAfterOnsetMs: number | null;
  /** Longest wait between deltas while speaking: onset → first delta → … → the last delta before speech ends → speech end. */
  readonly maxDeltaGapMs: number | null;
  /** Longest time spent speaking without a delta: `maxDeltaGapMs`'s gaps less the pauses of 500 ms or more inside them (see `speechPauses`). */
  readonly maxSpeechGapMs: number | null;
  /** Whether every item's joined deltas equal its `completed.transcript` (whitespace collapsed). */
  readonly deltasMatchFinal: boolean;
  /** Clip audio sent, in ms (tail silence excluded). */
  readonly audioMs: number;
  /** Wall time from the first append to the last append of clip audio, in ms. */
  readonly sendMs: number;
  /** Wall time from the first append to the clip's end (results in, or timeout), in ms. */
  readonly wallMs: number;
  readonly errors: readonly ClipError[];
}

/** Collapses whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Levels (RMS) of the 20 ms blocks of PCM16 LE mono audio, and the level 30 dB under the loudest (0 when silent). */
function blockLevels(pcm: Uint8Array, rate: number): { levels: number[]; floor: number } {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const block = Math.max(1, Math.round(rate / 50));
  const samples = Math.floor(pcm.byteLength / 2);
  const levels: number[] = [];
  for (let start = 0; start + block <= samples; start += block) {
    let sum = 0;
    for (let i = start; i < start + block; i++) sum += (view.getInt16(i * 2, true) / 32768) ** 2;
    levels.push(Math.sqrt(sum / block));
  }
  return { levels, floor: Math.max(0, ...levels) * 10 ** (-30 / 20) };
}

/** Speech onset and end of PCM16 LE mono audio, in ms: the first and last 20 ms block within 30 dB of the loudest block. */
export function speechSpan(pcm: Uint8Array, rate: number): { onsetMs: number; endMs: number } | null {
  const { levels, floor } = blockLevels(pcm, rate);
  if (floor === 0) return null;
  const first = levels.findIndex((l) => l >= floor);
  let last = levels.length - 1;
  while (last > first && (levels[last] ?? 0) < floor) last--;
  return { onsetMs: first * 20, endMs: (last + 1) * 20 };
}

/** A stretch of audio, in ms. */
export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The pauses inside the speech of PCM16 LE mono audio: runs of at least `minPauseMs` of 20 ms
 * blocks more than 30 dB under the loudest, between the speech onset and end. The default, 500 ms,
 * is the quiet that ends a turn under OpenAI's default server VAD (`silence_duration_ms`).
 */
export function speechPauses(pcm: Uint8Array, rate: number, minPauseMs = 500): Span[] {
  const span = speechSpan(pcm, rate);
  if (span === null) return [];
  const { levels, floor } = blockLevels(pcm, rate);
  const pauses: Span[] = [];
  let start: number | null = null;
  for (let b = span.onsetMs / 20; b <= span.endMs / 20; b++) {
    const quiet = b < span.endMs / 20 && (levels[b] ?? 0) < floor;
    if (quiet) start ??= b * 20;
    else if (start !== null) {
      if (b * 20 - start >= minPauseMs) pauses.push({ startMs: start, endMs: b * 20 });
      start = null;
    }
  }
  return pauses;
}

/**
 * The longest time spent speaking without a delta: the gaps onset → deltas → `endMs` as
 * `maxGap` takes them, each less the `pauses` inside it (a turn's pause is no time "while
 * speaking"); times in ms on one clock.
 */
export function maxSpeechGap(
  onsetMs: number,
  endMs: number,
  deltaTimes: readonly number[],
  pauses: readonly Span[],
): number {
  const points = gapPoints(onsetMs, endMs, deltaTimes);
  let gap = 0;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] ?? 0;
    const to = points[i] ?? 0;
    const quiet = pauses.reduce(
      (sum, p) => sum + Math.max(0, Math.min(to, p.endMs) - Math.max(from, p.startMs)),
      0,
    );
    gap = Math.max(gap, to - from - quiet);
  }
  return gap;
}

/** Onset, the deltas while speaking (sorted), and the end of speech. */
function gapPoints(onsetMs: number, endMs: number, deltaTimes: readonly number[]): number[] {
  return [onsetMs, ...deltaTimes.filter((t) => t > onsetMs && t < endMs).sort((a, b) => a - b), endMs];
}

/** The longest of the gaps onset → deltas (those before `endMs`) → `endMs`; times in ms on one clock. */
export function maxGap(onsetMs: number, endMs: number, deltaTimes: readonly number[]): number {
  const points = gapPoints(onsetMs, endMs, deltaTimes);
  let gap = 0;
  for (let i = 1; i < points.length; i++) gap = Math.max(gap, (points[i] ?? 0) - (points[i - 1] ?? 0));
  return gap;
}

/** Length of the common prefix of two strings, in UTF-16 code units. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

/**
 * Rollback measure of an item: the characters (words and the spaces between them) of the streamed
 * text from its first word that the final transcript does not have at the same position — text that
 * was shown and then replaced. A last streamed word that the final only completes ("ligh" →
 * "lights") counts as kept. Whitespace is collapsed; case and punctuation count.
 */
export function rewrittenChars(streamedText: string, finalText: string): number {
  const streamed = squash(streamedText)
    .split(' ')
    .filter((w) => w !== '');
  const final = squash(finalText).split(' ');
  let i = 0;
  while (i < streamed.length && streamed[i] === final[i]) i += 1;
  if (i === streamed.length) return 0;
  if (i === streamed.length - 1 && (final[i] ?? '').startsWith(streamed[i] ?? '')) return 0;
  return streamed.slice(i).join(' ').length;
}

/** Characters of successive partial displays (stable + tentative) that the next display, or the final, replaced (as `rewrittenChars`). */
export function droppedPartialChars(displays: readonly string[], transcript: string): number {
  let dropped = 0;
  for (let i = 0; i < displays.length; i++)
    dropped += rewrittenChars(displays[i] ?? '', displays[i + 1] ?? transcript);
  return dropped;
}

/** A record for a clip that produced no result (setup failed): empty transcript, the errors, the audio length. */
export function failedRecord(audioMs: number, errors: readonly ClipError[]): ClipRecord {
  return {
    transcript: '',
    items: [],
    firstDeltaMs: null,
    finalLatencyMs: null,
    finalLatencyFrom: null,
    deltas: 0,
    rewrittenChars: 0,
    droppedPartialChars: 0,
    speechOnsetMs: null,
    speechEndMs: null,
    firstDeltaAfterOnsetMs: null,
    maxDeltaGapMs: null,
    maxSpeechGapMs: null,
    deltasMatchFinal: true,
    audioMs,
    sendMs: 0,
    wallMs: 0,
    errors,
  };
}
