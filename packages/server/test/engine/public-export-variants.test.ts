/**
 * The loader on every form the public Qwen3-ASR exporters write: the embedded model rewritten by
 * `training/variants.py` (python3-onnx) into each form gives the same transcripts as the model
 * itself, through `npm run transcribe -- --model` and through a served `/v1/realtime` session.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resampleClip } from '@earshot/core/audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeRecognizer } from '../../src/index.ts';
import { openClient } from '../support/clients.ts';
import { CLIPS, fixture16k, MODEL_MISSING, MODEL_READY } from '../support/model.ts';
import { TRANSCRIBE_SCRIPT } from '../support/processes.ts';
import { startServer } from '../support/server.ts';
import { configure, transcribeSamples } from '../support/session.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const VARIANTS = [
  'filters-array',
  'embed-fp16',
  'embed-fp32',
  'encoder-fp16',
  'split-weights',
  'exporter-only',
];
const NAMES = ['kitchen-lights', 'call', 'timer'] as const satisfies readonly (keyof typeof CLIPS)[];
const WAVS = [
  'packages/testkit/fixtures/audio/kitchen-lights-16k.wav',
  'packages/testkit/clips/call-16k.wav',
  'packages/testkit/clips/timer-16k.wav',
];

let dir = '';
let reference: string[] = [];

async function transcripts(recognizer: Awaited<ReturnType<typeof loadNodeRecognizer>>): Promise<string[]> {
  const out: string[] = [];
  for (const name of NAMES) out.push((await recognizer.transcribe(fixture16k(name))).text);
  return out;
}

describe.skipIf(!MODEL_READY)(
  `the public export's variants${MODEL_READY ? '' : ` — ${MODEL_MISSING}`}`,
  () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'earshot-variants-'));
      execFileSync('/usr/bin/python3', ['training/variants.py', '--out', dir], { cwd: ROOT, stdio: 'pipe' });
      reference = await transcripts(await loadNodeRecognizer({ device: 'cpu', threads: 1 }));
      expect(reference[0]).toBe(CLIPS['kitchen-lights']);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    for (const variant of VARIANTS) {
      it(`${variant}: loads and transcribes like the embedded model`, async () => {
        const recognizer = await loadNodeRecognizer({
          folder: join(dir, variant),
          device: 'cpu',
          threads: 1,
        });
        expect(await transcripts(recognizer)).toEqual(reference);
        const served = await startServer({ recognizer });
        try {
          const client = await openClient(served.realtimeUrl());
          await client.next('session.created', 5000);
          await configure(client, recognizer.model);
          const text = await transcribeSamples(client, resampleClip(fixture16k('call'), 16000, 24000));
          expect(text).toBe(reference[1]);
        } finally {
          await served.close();
        }
      });
    }

    it('npm run transcribe -- --model <variant> prints the same transcripts', () => {
      for (const variant of ['exporter-only', 'encoder-fp16']) {
        const out = execFileSync(
          process.execPath,
          [...TRANSCRIBE_SCRIPT, '--model', join(dir, variant), ...WAVS],
          { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const lines = out.trim().split('\n');
        expect(lines.map((l) => l.slice(l.indexOf(': ') + 2))).toEqual(reference);
      }
    });
  },
);
