// The command line end to end against the server (tone recognizer): run → files, then compare.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.ts';
import { readReport } from '../src/report/index.ts';
import { useToneServer } from './support.ts';

const tones = useToneServer(['alpha bravo', 'charlie delta echo']);

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

/** Runs the CLI on the tone dataset against the tone server with `flags`, quietly. */
function runTones(...flags: string[]): Promise<string> {
  return cli('--target', tones.server.url, '--data', tones.dataset.name, ...flags, '--quiet');
}

describe('eval CLI', () => {
  it('runs a dataset and writes the JSON report, the Markdown summary and the plots', async () => {
    const out = join(tones.dir.path, 'manual');
    const stdout = await runTones('--fast', '--vad', 'manual', '--out', out);
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
    const a = join(tones.dir.path, 'a');
    const b = join(tones.dir.path, 'b');
    await runTones('--fast', '--vad', 'manual', '--out', a);
    await runTones('--fast', '--vad', 'server', '--rate', '16000', '--out', b);
    const cmp = join(tones.dir.path, 'cmp');
    const text = await cli('compare', join(a, 'report.json'), b, '--labels', 'manual,server', '--out', cmp);
    expect(text).toContain('|  | manual | server | server − manual |');
    expect(text).toMatch(/\| WER \| 0\.0% \| 0\.0% \| \+0\.0 pp \|/);
    expect(existsSync(join(cmp, 'compare.md'))).toBe(true);
    expect(existsSync(join(cmp, 'compare-final-latency-cdf.svg'))).toBe(true);
  });

  it('rejects an unsupported rate with the valid values', async () => {
    await expect(runTones('--rate', '8000')).rejects.toThrow(/16000, 24000, 48000/);
  });
});
