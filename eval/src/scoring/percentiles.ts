/** Latency percentiles with simple-statistics. */
import { max, mean, min, quantileSorted } from 'simple-statistics';

/** Summary of a latency sample, in ms; every field is null when the sample is empty. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Summarises values (ms): mean, min, max and the p50/p90/p95/p99 quantiles (simple-statistics' `quantileSorted`: the ceil(p·n)-th value, or the mean of two neighbours when p·n is whole). */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) {
    return { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  }
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: mean(sorted),
    min: min(sorted),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: max(sorted),
  };
}
