// The harness against the in-page socket in headless Chromium: LocalRealtimeSocket → the web
// package's session host, in the page, with the tone recognizer (test page; no model needed).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../src/cli/run-eval.ts';
import type { Dataset } from '../src/datasets/index.ts';
import { CHROMIUM_PATH, LocalTarget } from '../src/targets/local-target.ts';
import { FAST_MANUAL, type TempDir, tempDir, toneDataset } from './support.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_PATH;
const SENTENCES = ['alpha bravo', 'charlie delta echo'];
let target: LocalTarget;
let dir: TempDir;
let dataset: Dataset;

describe.skipIf(!existsSync(chromium))('runEval against the in-page socket (Chromium)', () => {
  beforeAll(async () => {
    dir = tempDir();
    dataset = await toneDataset(dir.path, SENTENCES);
    target = await LocalTarget.start({
      repoRoot: REPO,
      page: 'test/page/tones.html',
      executablePath: chromium,
    });
  }, 120_000);
  afterAll(async () => {
    await target?.close();
    dir?.dispose();
  });

  it('reports the page target with its browser', async () => {
    const info = await target.info();
    expect(info.target).toBe('local');
    expect(info.details.browser).toMatch(/^Chromium/);
  });

  it('transcribes every clip with manual commits', async () => {
    const report = await runEval(target, dataset, { stream: FAST_MANUAL, sessions: 2 });
    expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
    expect(report.summary.clipsWithErrors).toBe(0);
    expect(report.clips.every((c) => c.finalLatencyFrom === 'last_audio' && c.deltas > 0)).toBe(true);
  });

  it('lets server VAD commit in the page', async () => {
    const report = await runEval(target, dataset, { stream: { ...FAST_MANUAL, vad: 'server' }, sessions: 1 });
    expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
    expect(report.clips.every((c) => c.finalLatencyFrom === 'speech_stopped')).toBe(true);
  });
});
