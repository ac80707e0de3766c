/** Writes a run's outputs: report.json, summary.md and the SVG plots. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markdownCompare, markdownSummary } from './markdown.ts';
import { latencyCdfSvg, werPerClipSvg } from './plots.ts';
import type { EvalReport } from './types.ts';

/** Paths written by `writeReport`. */
export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly plots: readonly string[];
}

const values = (report: EvalReport, key: 'firstDeltaMs' | 'finalLatencyMs') =>
  report.clips.map((c) => c[key]).filter((v): v is number => v !== null);

/** Writes `report.json`, `summary.md`, `latency-cdf.svg` and `wer-per-clip.svg` into `dir` (created). */
export async function writeReport(report: EvalReport, dir: string): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const markdown = join(dir, 'summary.md');
  const cdf = join(dir, 'latency-cdf.svg');
  const wer = join(dir, 'wer-per-clip.svg');
  await writeFile(json, `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(markdown, markdownSummary(report));
  await writeFile(
    cdf,
    await latencyCdfSvg([
      { label: 'first delta after first audio', values: values(report, 'firstDeltaMs') },
      { label: 'final (speech end → completed)', values: values(report, 'finalLatencyMs') },
    ]),
  );
  await writeFile(wer, await werPerClipSvg(report.clips));
  return { json, markdown, plots: [cdf, wer] };
}

/** Reads a report written by `writeReport` (a `report.json` path, or the folder holding it). */
export async function readReport(path: string): Promise<EvalReport> {
  const file = path.endsWith('.json') ? path : join(path, 'report.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as EvalReport;
  if (report.version !== 1 || !Array.isArray(report.clips))
    throw new Error(`${file} is not an eval report (version 1)`);
  return report;
}

/** Writes the comparison of two reports (`compare.md`, and CDF plots of both) into `dir`; returns the Markdown. */
export async function writeCompare(
  a: EvalReport,
  b: EvalReport,
  labels: readonly [string, string],
  dir: string | null,
): Promise<string> {
  const text = markdownCompare(a, b, labels);
  if (dir === null) return text;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'compare.md'), text);
  for (const [key, name] of [
    ['firstDeltaMs', 'first-delta'],
    ['finalLatencyMs', 'final-latency'],
  ] as const) {
    const svg = await latencyCdfSvg(
      [
        { label: labels[0], values: values(a, key) },
        { label: labels[1], values: values(b, key) },
      ],
      key === 'firstDeltaMs'
        ? 'First delta after first audio (ms)'
        : 'Final latency: speech end → completed (ms)',
    );
    await writeFile(join(dir, `compare-${name}-cdf.svg`), svg);
  }
  return text;
}
