// The command line end to end against the server (tone recognizer): run → files, then compare.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.ts';
import { readReport } from '../src/report/index.ts';
import { startToneServer, type TempDir, type ToneServer, tempDir, toneDataset } from './support.ts';

let server: ToneServer;
let dir: TempDir;
let manifest: string;

beforeAll(async () => {
  server = await startToneServer();
  dir = tempDir();
  manifest = (await toneDataset(dir.path, ['alpha bravo', 'charlie delta echo'])).name;
});
afterAll(async () => {
  await server.close();
  dir.dispose();
});

async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'eval', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('eval CLI', () => {
  it('runs a dataset and writes the JSON report, the Markdown summary and the plots', async () => {
    const out = join(dir.path, 'manual');
    const stdout = await cli(
      '--target',
      server.url,
      '--data',
      manifest,
      '--fast',
      '--vad',
      'manual',
      '--out',
      out,
      '--quiet',
    );
    expect(stdout).toContain('| WER | 0.0%');
    for (const file of ['report.json', 'summary.md', 'latency-cdf.svg', 'wer-per-clip.svg']) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    expect(readFileSync(join(out, 'latency-cdf.svg'), 'utf8')).toMatch(/^<svg/);
    const report = await readReport(out);
    expect(report.options).toMatchObject({ pacing: 'fast', vad: 'manual', rate: 24_000, sessions: 1 });
    expect(report.summary.clips).toBe(2);
  });

  it('compares two reports side by side', async () => {
    const a = join(dir.path, 'a');
    const b = join(dir.path, 'b');
    await cli('--target', server.url, '--data', manifest, '--fast', '--vad', 'manual', '--out', a, '--quiet');
    await cli(
      '--target',
      server.url,
      '--data',
      manifest,
      '--fast',
      '--vad',
      'server',
      '--rate',
      '16000',
      '--out',
      b,
      '--quiet',
    );
    const cmp = join(dir.path, 'cmp');
    const text = await cli('compare', join(a, 'report.json'), b, '--labels', 'manual,server', '--out', cmp);
    expect(text).toContain('|  | manual | server | server − manual |');
    expect(text).toMatch(/\| WER \| 0\.0% \| 0\.0% \| \+0\.0 pp \|/);
    expect(existsSync(join(cmp, 'compare.md'))).toBe(true);
    expect(existsSync(join(cmp, 'compare-final-latency-cdf.svg'))).toBe(true);
  });

  it('rejects an unsupported rate with the valid values', async () => {
    await expect(
      cli('--target', server.url, '--data', manifest, '--rate', '8000', '--quiet'),
    ).rejects.toThrow(/16000, 24000, 48000/);
  });
});
