/** SVG plots rendered headless with vega-lite → vega: latency CDFs and WER per clip. */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ClipResult } from './types.ts';

/** A named latency sample, in ms. */
export interface LatencySeries {
  readonly label: string;
  readonly values: readonly number[];
}

/** Renders a vega-lite spec to an SVG string (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Cumulative distribution points of each series: (ms, fraction of clips at or below it). */
export function cdfPoints(
  series: readonly LatencySeries[],
): Array<{ series: string; ms: number; fraction: number }> {
  return series.flatMap(({ label, values }) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return sorted.map((ms, i) => ({ series: label, ms, fraction: (i + 1) / sorted.length }));
  });
}

/** A step plot of the latency CDF of each series. */
export function latencyCdfSvg(series: readonly LatencySeries[], title = 'Latency CDF'): Promise<string> {
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 520,
    height: 300,
    data: { values: cdfPoints(series) },
    mark: { type: 'line', interpolate: 'step-after', point: true },
    encoding: {
      x: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
      y: { field: 'fraction', type: 'quantitative', title: 'fraction of clips', scale: { domain: [0, 1] } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        legend: { orient: 'bottom', labelLimit: 0, direction: 'vertical' },
      },
    },
  });
}

/** A bar per clip with its WER (clips with an empty reference are left out). */
export function werPerClipSvg(clips: readonly ClipResult[], title = 'WER per clip'): Promise<string> {
  const values = clips
    .filter((c) => c.wer !== null)
    .map((c) => ({ clip: c.id, wer: c.wer, reference: c.scoredReference }));
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: Math.max(300, Math.min(1200, values.length * 12)),
    height: 240,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'clip', type: 'ordinal', sort: null, title: 'clip', axis: { labels: values.length <= 60 } },
      y: { field: 'wer', type: 'quantitative', title: 'WER', axis: { format: '%' } },
    },
  });
}
