// One whole-clip path: the same WAV gives the same text from `npm run transcribe` (a process, as a
// user runs it), from POST /v1/audio/transcriptions, and from the SSE stream's final text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWavPcm16 } from '@earshot/core/audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, embeddedRecognizer, fixture16k, MODEL_MISSING, MODEL_READY } from './support/model.ts';
import { TRANSCRIBE_SCRIPT } from './support/processes.ts';
import { startServer, type TestServer } from './support/server.ts';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

describe.skipIf(!MODEL_READY)(`whole-file transcription${MODEL_READY ? '' : ` — ${MODEL_MISSING}`}`, () => {
  let server: TestServer;
  let model: string;
  let wav: Uint8Array;
  let path: string;
  beforeAll(async () => {
    const recognizer = await embeddedRecognizer();
    model = recognizer.model;
    server = await startServer({ recognizer });
    // ≈ 20 s: long enough for several pieces, pause cuts and a window slide.
    const clips = (['call', 'bedroom', 'time', 'door', 'timer', 'kitchen-lights'] as const).map(fixture16k);
    wav = encodeWavPcm16(concat([...clips, ...clips], 0.5), 16000);
    path = join(mkdtempSync(join(tmpdir(), 'earshot-paths-')), 'long.wav');
    writeFileSync(path, wav);
  });
  afterAll(() => server.close());

  const post = async (fields: Record<string, string>) => {
    const body = new FormData();
    body.set('model', model);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    body.set('file', new Blob([wav as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'long.wav');
    return fetch(`${server.base}/v1/audio/transcriptions`, { method: 'POST', body });
  };

  it('gives the same text from the transcribe script and the REST endpoint', async () => {
    const printed = execFileSync(process.execPath, [...TRANSCRIBE_SCRIPT, path], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const script = printed.slice(printed.indexOf(': ') + 2).trim();
    const rest = ((await (await post({ response_format: 'json' })).json()) as { text: string }).text;
    expect(script.split(' ').length).toBeGreaterThan(20);
    expect(rest).toBe(script);
  });

  it('streams deltas that add up to its final text', async () => {
    const sse = await (await post({ stream: 'true' })).text();
    const events = sse
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: string; text?: string });
    const deltas = events.flatMap((e) => (e.type === 'transcript.text.delta' ? [e.delta ?? ''] : []));
    const done = events.find((e) => e.type === 'transcript.text.done');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(done?.text);
  });
});
