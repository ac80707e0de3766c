/**
 * Front-end throughput on one thread: 60 s of real speech as a Realtime client sends it (24 kHz PCM16,
 * base64, 100 ms appends) → bytes → float samples → 16 kHz → 128-bin log-mel.
 *
 * Run: node --conditions=earshot-source --import tsx bench/frontend-throughput.ts
 */

import { cpus, loadavg } from 'node:os';
import {
  ByteStreamDecoder,
  decodeBase64,
  encodeBase64,
  encodeWavPcm16,
  logMelSpectrogram,
  resampleClip,
  StreamingResampler,
} from '@earshot/core/audio';

import { repeatedSpeech, timedRuns } from './support.ts';

const CLIENT_RATE = 24_000;
const MODEL_RATE = 16_000;
const SECONDS = 60;
const CHUNK_MS = 100;
const GAP_SECONDS = 0.3;
const TIMED_RUNS = 10;
/** Header size of the WAVs encodeWavPcm16 writes, in bytes. */
const WAV_HEADER_BYTES = 44;

/** The speech as a client sends it: 24 kHz PCM16 little-endian, base64, one string per 100 ms. */
function clientAppends(samples16k: Float32Array): string[] {
  const samples24k = resampleClip(samples16k, MODEL_RATE, CLIENT_RATE);
  // The data bytes of a PCM16 WAV are exactly the little-endian samples a client appends.
  const bytes = encodeWavPcm16(samples24k, CLIENT_RATE).subarray(WAV_HEADER_BYTES);
  const chunkBytes = (CLIENT_RATE * 2 * CHUNK_MS) / 1000;
  const appends: string[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes)
    appends.push(encodeBase64(bytes.subarray(i, i + chunkBytes)));
  return appends;
}

interface Timing {
  base64: number;
  pcm16: number;
  resample: number;
  logMel: number;
  total: number;
  /** Process CPU time of the pass, in ms (unlike wall time, not inflated by other processes). */
  cpu: number;
  frames: number;
}

/** One pass of the whole front end, stage by stage, in ms. */
function runOnce(appends: string[]): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = appends.map((text) => {
    const decoded = decodeBase64(text);
    if (!decoded) throw new Error('bench input is not base64');
    return decoded;
  });
  const t1 = performance.now();
  const decoder = new ByteStreamDecoder({ type: 'audio/pcm', rate: CLIENT_RATE });
  const samples = bytes.map((b) => decoder.decode(b));
  const t2 = performance.now();
  const resampler = new StreamingResampler(CLIENT_RATE, MODEL_RATE);
  const pieces = samples.map((s) => resampler.process(s));
  pieces.push(resampler.flush());
  const total16k = pieces.reduce((n, p) => n + p.length, 0);
  const audio = new Float32Array(total16k);
  let at = 0;
  for (const p of pieces) {
    audio.set(p, at);
    at += p.length;
  }
  const t3 = performance.now();
  const mel = logMelSpectrogram(audio);
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    cpu: (cpu.user + cpu.system) / 1000,
    base64: t1 - t0,
    pcm16: t2 - t1,
    resample: t3 - t2,
    logMel: t4 - t3,
    total: t4 - t0,
    frames: mel.frames,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function main(): void {
  const appends = clientAppends(repeatedSpeech(SECONDS, GAP_SECONDS));
  const runs = timedRuns(TIMED_RUNS, () => runOnce(appends));
  const total = median(runs.map((r) => r.total));
  const best = Math.min(...runs.map((r) => r.total));
  const share = (key: 'base64' | 'pcm16' | 'resample' | 'logMel'): string => {
    const ms = median(runs.map((r) => r[key]));
    return `${ms.toFixed(1)} ms (${((100 * ms) / total).toFixed(0)}%)`;
  };
  const textMiB = appends.reduce((n, a) => n + a.length, 0) / 2 ** 20;
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load ${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `frontend: ${Math.round((SECONDS * 1000) / total)}x real time (24 kHz PCM16 → 128-bin log-mel), ` +
      `${SECONDS.toFixed(1)} s audio in ${total.toFixed(0)} ms (median of ${TIMED_RUNS}; best ${best.toFixed(0)} ms = ` +
      `${Math.round((SECONDS * 1000) / best)}x)`,
  );
  const cpu = median(runs.map((r) => r.cpu));
  console.log(
    `  CPU time: ${cpu.toFixed(0)} ms per pass = ${Math.round((SECONDS * 1000) / cpu)}x real time per CPU-second`,
  );
  console.log(`  input: ${appends.length} appends of ${CHUNK_MS} ms, ${textMiB.toFixed(2)} MiB of base64`);
  console.log(`  base64 decode   ${share('base64')}`);
  console.log(`  PCM16 decode    ${share('pcm16')}`);
  console.log(`  resample 24→16k ${share('resample')}`);
  console.log(`  log-mel         ${share('logMel')} (${runs[0]?.frames} frames)`);
}

main();
