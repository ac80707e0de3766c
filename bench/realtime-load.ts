/**
 * Load-bench helpers shared by bench/server-load.ts and bench/batch-load.ts: an `earshot serve`
 * child process, the utterance each session streams, one session streaming it in real time with
 * its latencies, and percentiles.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { encodeBase64, encodePcm16, parseWav, resampleClip } from '@earshot/core/audio';
import { RealtimeClient, type RealtimeSocketLike, waitOpen } from '@earshot/core/client';
import type { ServerEvent } from '@earshot/core/protocol';
import { WebSocket } from 'ws';

/** The rate and append size the sessions stream at. */
export const RATE = 24_000;
export const FRAME_MS = 100;
const FIXTURES = new URL('../packages/testkit/fixtures/audio/', import.meta.url);
const MAIN = new URL('../packages/server/src/cli/main.ts', import.meta.url).pathname;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `p`-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function clip(name: string): Float32Array {
  const wav = parseWav(new Uint8Array(readFileSync(new URL(`${name}-16k.wav`, FIXTURES))));
  return resampleClip(wav.samples, wav.sampleRate, RATE);
}

/** One utterance (≈ 6.5 s: three clips with short pauses) followed by 0.8 s of silence, as base64 frames. */
export function utteranceFrames(): string[] {
  const parts = [clip('kitchen-lights'), clip('digits'), clip('kitchen-lights')];
  const gap = RATE * 0.3;
  const total = parts.reduce((n, p) => n + p.length + gap, 0) + RATE * 0.8;
  const audio = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    audio.set(part, offset);
    offset += part.length + gap;
  }
  const bytes = encodePcm16(audio);
  const step = (RATE * FRAME_MS * 2) / 1000;
  const frames: string[] = [];
  for (let i = 0; i < bytes.length; i += step) frames.push(encodeBase64(bytes.subarray(i, i + step)));
  return frames;
}

/** Starts a child process and resolves to the URL it prints on stderr (matched by `pattern`). */
export async function startChild(
  command: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, command, { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}): ${text}`)));
  });
  return { child, url };
}

/** `earshot serve` from the sources on a free port with `flags`; resolves to it and its realtime URL. */
export function startServer(flags: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  return startChild(
    [
      '--conditions=earshot-source',
      '--import',
      'tsx',
      MAIN,
      'serve',
      '--port',
      '0',
      '--log-level',
      'warn',
      ...flags,
    ],
    /Realtime WebSocket\s+(\S+)/,
  );
}

/** What one real-time session measured. */
export interface SessionResult {
  /** The socket stayed open without an error, and every committed item completed in time. */
  readonly held: boolean;
  readonly audioSeconds: number;
  /** Per utterance: its start → the first delta of its item, in ms. */
  readonly firstPartial: number[];
  /** Per utterance: its commit → `completed`, in ms. */
  readonly final: number[];
  readonly transcripts: number;
  readonly sample: string;
}

/**
 * One session streaming `frames` in real time, utterance after utterance, for `seconds`, with a
 * manual commit after each (core's `RealtimeClient`); waits up to `graceMs` after the last commit
 * for the items to complete (a server that fell behind does not hold the session).
 */
export async function streamSession(
  url: string,
  model: string,
  frames: readonly string[],
  seconds: number,
  graceMs = 60_000,
): Promise<SessionResult> {
  const ws = new WebSocket(url);
  const client = new RealtimeClient(ws as unknown as RealtimeSocketLike, { record: true });
  const times = new Map<ServerEvent, number>();
  client.onEvent((event, at) => times.set(event, at));
  await waitOpen(client.socket, 10_000);
  client.update({ format: { type: 'audio/pcm', rate: RATE }, model, language: 'en', turnDetection: null });
  const started: number[] = [];
  const commits: number[] = [];
  const end = performance.now() + seconds * 1000;
  let next = performance.now();
  while (performance.now() + frames.length * FRAME_MS < end) {
    started.push(performance.now());
    for (const audio of frames) {
      client.send({ type: 'input_audio_buffer.append', audio });
      next += FRAME_MS;
      await sleep(Math.max(0, next - performance.now()));
    }
    client.commit();
    commits.push(performance.now());
  }
  const completed = () => client.ofType('conversation.item.input_audio_transcription.completed');
  const allDone = await client.until(() => completed().length >= commits.length, graceMs);
  const held = allDone && client.open && client.ofType('error').length === 0;
  const firstPartial: number[] = [];
  const final: number[] = [];
  client.ofType('input_audio_buffer.committed').forEach((c, k) => {
    const delta = client
      .ofType('conversation.item.input_audio_transcription.delta')
      .find((e) => e.item_id === c.item_id);
    const done = completed().find((e) => e.item_id === c.item_id);
    if (delta !== undefined) firstPartial.push((times.get(delta) ?? 0) - (started[k] ?? 0));
    if (done !== undefined) final.push((times.get(done) ?? 0) - (commits[k] ?? 0));
  });
  client.close(1000);
  return {
    held,
    audioSeconds: (started.length * frames.length * FRAME_MS) / 1000,
    firstPartial,
    final,
    transcripts: completed().length,
    sample: completed()[0]?.transcript ?? '',
  };
}

/** Value of an unlabelled metric in a server's `/metrics` (NaN when absent). */
export async function metric(metrics: string, name: string): Promise<number> {
  const text = await (await fetch(metrics)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

/** The model name a server gives new sessions (from its `session.created`). */
export async function sessionModel(url: string): Promise<string> {
  const ws = new WebSocket(url);
  const client = new RealtimeClient(ws as unknown as RealtimeSocketLike, { record: true });
  await waitOpen(client.socket, 10_000);
  const created = await client.waitFor('session.created', { timeoutMs: 10_000, from: 0 });
  client.close(1000);
  return created.session.audio.input.transcription?.model ?? '';
}
