import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withQuery } from '../src/cli/conformance.ts';
import { embeddedRecognizer, MODEL_MISSING, MODEL_READY } from './support/model.ts';
import { runEarshot } from './support/processes.ts';
import { startServer, type TestServer } from './support/server.ts';

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
    const run = await runEarshot([
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
    const run = await runEarshot([
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
