/**
 * TEST ONLY: tone clips as a JSONL dataset, an Earshot server with the tone recognizer, both set
 * up around a test file, and the stream options the harness tests start from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWavPcm16 } from '@earshot/core/audio';
import { EarshotServer } from '@earshot/server';
import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import { afterAll, beforeAll } from 'vitest';
import { loadJsonlManifest } from '../src/datasets/index.ts';
import type { Dataset } from '../src/datasets/types.ts';
import type { StreamOptions } from '../src/targets/index.ts';

/** As fast as the target takes it, manual commits, 24 kHz in 100 ms chunks. */
export const FAST_MANUAL: StreamOptions = {
  rate: 24_000,
  pacing: 'fast',
  vad: 'manual',
  chunkMs: 100,
  tailMs: 800,
  timeoutMs: 10_000,
};

/** A temporary folder removed by `dispose`. */
export interface TempDir {
  readonly path: string;
  dispose(): void;
}

/** Makes a temporary folder. */
export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'earshot-eval-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes each sentence of tone words as a WAV at `rate` Hz plus `manifest.jsonl`; returns the dataset. */
export async function toneDataset(
  dir: string,
  sentences: readonly string[],
  rate = 16_000,
): Promise<Dataset> {
  const lines = sentences.map((text, i) => {
    const file = `tone-${i + 1}.wav`;
    writeFileSync(join(dir, file), encodeWavPcm16(speakTones(text.split(' '), rate), rate));
    return JSON.stringify({ id: `tone-${i + 1}`, audio: file, text });
  });
  const manifest = join(dir, 'manifest.jsonl');
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  return { name: manifest, kind: 'jsonl', clips: await loadJsonlManifest(manifest) };
}

/** A running tone server and its realtime URL. */
export interface ToneServer {
  readonly url: string;
  readonly server: EarshotServer;
  close(): Promise<void>;
}

/** Starts an `EarshotServer` with the tone recognizer on a free loopback port. */
export async function startToneServer(apiKeys: readonly string[] = []): Promise<ToneServer> {
  const server = new EarshotServer({
    recognizer: new ToneRecognizer({ decodeMs: 2 }),
    processMetrics: false,
    pingIntervalSeconds: 0,
    apiKeys,
  });
  await server.listen(0, '127.0.0.1');
  return { url: server.urls().realtime, server, close: () => server.shutdown() };
}

/** A tone server and a tone dataset in a temporary folder (see `useToneServer`). */
export interface ToneFixture {
  readonly server: ToneServer;
  readonly dir: TempDir;
  readonly dataset: Dataset;
}

/**
 * Starts a tone server and writes a dataset of `sentences` before the file's tests, and stops and
 * removes them after; read the fields inside tests.
 */
export function useToneServer(sentences: readonly string[]): ToneFixture {
  let state: ToneFixture | undefined;
  beforeAll(async () => {
    const server = await startToneServer();
    const dir = tempDir();
    state = { server, dir, dataset: await toneDataset(dir.path, sentences) };
  });
  afterAll(async () => {
    await state?.server.close();
    state?.dir.dispose();
  });
  const current = (): ToneFixture => {
    if (state === undefined) throw new Error('the tone server starts in beforeAll');
    return state;
  };
  return {
    get server() {
      return current().server;
    },
    get dir() {
      return current().dir;
    },
    get dataset() {
      return current().dataset;
    },
  };
}
