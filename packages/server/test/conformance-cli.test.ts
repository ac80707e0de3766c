// `earshot conformance <url>` as a user runs it: against an Earshot server it prints one line per
// check and exits 0 when all pass; a failing check is a FAIL line and exit code 1.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withQuery } from '../src/cli/conformance.ts';
import { embeddedRecognizer, MODEL_MISSING, MODEL_READY } from './support/model.ts';
import { startServer, type TestServer } from './support/server.ts';

const BIN = fileURLToPath(new URL('../bin/earshot.mjs', import.meta.url));

/** Runs the command without blocking this process (it serves the target). */
function earshot(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout }));
  });
}

describe('withQuery', () => {
  it('adds intent=transcription only when the URL has neither intent nor model, and replaces the query when asked', () => {
    expect(withQuery('ws://h/v1/realtime')).toBe('ws://h/v1/realtime?intent=transcription');
    expect(withQuery('ws://h/v1/realtime?model=m')).toBe('ws://h/v1/realtime?model=m');
    expect(withQuery('ws://h/v1/realtime?model=m', 'intent=conversation')).toBe(
      'ws://h/v1/realtime?intent=conversation',
    );
  });
});

describe.skipIf(!MODEL_READY)(`earshot conformance${MODEL_READY ? '' : ` — ${MODEL_MISSING}`}`, () => {
  let served: TestServer;
  beforeAll(async () => {
    served = await startServer({ recognizer: await embeddedRecognizer(), limits: { maxBufferSeconds: 10 } });
  });
  afterAll(() => served.close());

  it('prints a PASS line per check and exits 0', async () => {
    const url = served.realtimeUrl('');
    const run = await earshot([
      'conformance',
      url.replace(/\?$/, ''),
      '--grep',
      'session',
      '--max-buffer-seconds',
      '10',
    ]);
    expect(run.stdout).toMatch(/PASS #3 sends session\.created first/);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed, 0 skipped of \d+ checks/);
    expect(run.status).toBe(0);
  });

  it('reports a failing check as FAIL with why, and exits 1', async () => {
    // A WER bound of 0 cannot be met by a tiny model on every clip.
    const run = await earshot([
      'conformance',
      served.realtimeUrl(''),
      '--grep',
      '#24 transcribes audio/pcm at 24000',
      '--max-wer',
      '-1',
    ]);
    expect(run.stdout).toMatch(/FAIL #24 transcribes audio\/pcm at 24000 Hz — expected .* to be at most -1/);
    expect(run.status).toBe(1);
  });
});
