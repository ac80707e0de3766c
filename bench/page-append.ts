/**
 * The page's microphone path to the model's 16 kHz samples, on one thread, before and after issue 13:
 * 60 s of speech at a 48 kHz device rate, in the AudioWorklet's 2048-sample batches → `PcmFramer`
 * (resample + PCM16, 40 ms frames) → base64 + JSON (`input_audio_buffer.append`, what the page's
 * client sends) → the worker's `parseClientEvent` → base64 decode → `InputAudioPipeline` (PCM16
 * decode, resample to 16 kHz). "24 kHz" is the old path (two resamplers: 48→24 kHz in the page,
 * 24→16 kHz in the worker); "16 kHz" the new one (48→16 kHz in the page, passthrough in the worker).
 * The `postMessage` copy of each text frame is not timed; the text size is printed instead.
 *
 * Run: node --conditions=earshot-source --import tsx bench/page-append.ts
 */

import { DEFAULT_MAX_EVENT_BYTES } from '@earshot/core';
import { decodeBase64, encodeBase64, InputAudioPipeline, resampleClip } from '@earshot/core/audio';
import { parseClientEvent } from '@earshot/core/protocol';
import { PcmFramer } from '../packages/web/src/mic/pcm.ts';
import { machine, median, repeatedSpeech, timedRuns } from './support.ts';

const DEVICE_RATE = 48_000;
const SECONDS = 60;
const WORKLET_BATCH = 2048;
const FRAME_MS = 40;
const TIMED_RUNS = 15;

/** 60 s of speech at the device rate: the 16 kHz fixtures back to back, resampled to 48 kHz. */
function deviceAudio(): Float32Array {
  return resampleClip(repeatedSpeech(SECONDS), 16_000, DEVICE_RATE);
}

interface Timing {
  /** Page side: framer (resample, PCM16) and the append's base64 + JSON text, in ms. */
  page: number;
  /** Worker side: parse + validate, base64 decode, PCM16 decode and resample to 16 kHz, in ms. */
  worker: number;
  /** UTF-16 code units of JSON text sent. */
  text: number;
  /** 16 kHz samples out. */
  samples: number;
}

/** One pass of the whole path with the page sending PCM16 at `rate` Hz. */
function runOnce(audio: Float32Array, rate: number): Timing {
  const t0 = performance.now();
  const framer = new PcmFramer(DEVICE_RATE, rate, FRAME_MS);
  const frames: string[] = [];
  const send = (pcm: Uint8Array) =>
    frames.push(JSON.stringify({ type: 'input_audio_buffer.append', audio: encodeBase64(pcm) }));
  for (let at = 0; at < audio.length; at += WORKLET_BATCH)
    for (const frame of framer.push(audio.subarray(at, at + WORKLET_BATCH))) send(frame);
  for (const frame of framer.flush()) send(frame);
  const t1 = performance.now();
  const pipeline = new InputAudioPipeline({ type: 'audio/pcm', rate });
  let samples = 0;
  for (const text of frames) {
    const parsed = parseClientEvent(text, { maxBytes: DEFAULT_MAX_EVENT_BYTES });
    if (!parsed.ok || parsed.event.type !== 'input_audio_buffer.append') throw new Error('bad frame');
    const bytes = decodeBase64(parsed.event.audio);
    if (bytes === null) throw new Error('bad base64');
    samples += pipeline.push(bytes).length;
  }
  samples += pipeline.flush().length;
  const t2 = performance.now();
  return { page: t1 - t0, worker: t2 - t1, text: frames.reduce((n, f) => n + f.length, 0), samples };
}

function main(): void {
  const audio = deviceAudio();
  const rates = [24_000, 16_000];
  // Interleaved, so both paths see the same machine load.
  const passes = timedRuns(TIMED_RUNS, () => rates.map((rate) => runOnce(audio, rate)));
  console.log(machine());
  const totals = new Map<number, number>();
  for (const [index, rate] of rates.entries()) {
    const timings = passes.map((pass) => pass[index] as Timing);
    const page = median(timings.map((t) => t.page));
    const worker = median(timings.map((t) => t.worker));
    totals.set(rate, page + worker);
    const first = timings[0] as Timing;
    console.log(
      `page mic path at ${rate / 1000} kHz: page ${page.toFixed(1)} ms + worker ${worker.toFixed(1)} ms per ${SECONDS} s of audio ` +
        `(median of ${TIMED_RUNS}); ${(first.text / 2 ** 20).toFixed(2)} MiB of JSON text; ${first.samples} samples at 16 kHz`,
    );
  }
  const before = totals.get(24_000) ?? 0;
  const after = totals.get(16_000) ?? 1;
  console.log(`16 kHz capture: ${(before / after).toFixed(2)}x less CPU than 24 kHz capture on this path`);
}

main();
