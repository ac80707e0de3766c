// The harness with the embedded model on two committed clips, through the server (in-process
// EarshotServer) and in the page (engine Worker in headless Chromium). Skipped while the model
// folder is absent.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EarshotServer, EMBEDDED_MODEL_DIR, loadNodeRecognizer } from '@earshot/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../src/cli/run-eval.ts';
import { type Dataset, loadJsonlManifest } from '../src/datasets/index.ts';
import type { EvalReport } from '../src/report/index.ts';
import { type StreamOptions, WsTarget } from '../src/targets/index.ts';
import { CHROMIUM_PATH, LocalTarget } from '../src/targets/local-target.ts';
import { type TempDir, tempDir } from './support.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const AUDIO = join(REPO, 'packages/testkit/fixtures/audio');
const hasModel = existsSync(join(EMBEDDED_MODEL_DIR, 'prompt_config.json'));
const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_PATH;
const stream: StreamOptions = {
  rate: 24_000,
  pacing: 'fast',
  vad: 'manual',
  chunkMs: 100,
  tailMs: 1000,
  timeoutMs: 60_000,
};
/** Most corpus WER accepted on the two clips (a closed-vocabulary model on in-vocabulary speech). */
const MAX_WER = 0.25;
let dir: TempDir;
let dataset: Dataset;

function expectTranscribed(report: EvalReport): void {
  expect(report.summary.clipsWithErrors).toBe(0);
  expect(report.summary.wer.rate).toBeLessThanOrEqual(MAX_WER);
  for (const clip of report.clips) {
    expect(clip.finalLatencyMs).not.toBeNull();
    expect(clip.rewrittenChars).toBeGreaterThanOrEqual(0);
  }
}

describe.skipIf(!hasModel)('the harness with the embedded model', () => {
  let server: EarshotServer;
  let serverReport: EvalReport;

  beforeAll(async () => {
    dir = tempDir();
    const manifest = join(dir.path, 'manifest.jsonl');
    writeFileSync(
      manifest,
      [
        {
          id: 'kitchen-lights',
          audio: join(AUDIO, 'kitchen-lights-16k.wav'),
          text: 'turn on the kitchen lights',
        },
        { id: 'digits', audio: join(AUDIO, 'digits-16k.wav'), text: 'seven four two nine' },
      ]
        .map((entry) => JSON.stringify(entry))
        .join('\n'),
    );
    dataset = { name: manifest, kind: 'jsonl', clips: await loadJsonlManifest(manifest) };
    server = new EarshotServer({
      recognizer: await loadNodeRecognizer({ threads: 1 }),
      processMetrics: false,
      pingIntervalSeconds: 0,
    });
    await server.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await server?.shutdown();
    dir?.dispose();
  });

  it('transcribes the clips through the server', async () => {
    serverReport = await runEval(new WsTarget({ url: server.urls().realtime }), dataset, {
      stream,
      sessions: 1,
    });
    expectTranscribed(serverReport);
  });

  it.skipIf(!existsSync(chromium))(
    'transcribes the same clips in the page',
    async () => {
      const target = await LocalTarget.start({ repoRoot: REPO, executablePath: chromium, backend: 'wasm' });
      try {
        const report = await runEval(target, dataset, { stream, sessions: 1 });
        expectTranscribed(report);
        expect((await target.info()).details.backend).toBe('wasm');
      } finally {
        await target.close();
      }
    },
    300_000,
  );
});
