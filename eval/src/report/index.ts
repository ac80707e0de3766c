// Reports: scoring records into results, the JSON report, Markdown, SVG plots and comparisons.
export { machineInfo, scoreRecord, summarize } from './build-report.ts';
export {
  describeMachine,
  describeOptions,
  markdownCompare,
  markdownSummary,
  ms,
  percent,
  streamingTable,
} from './markdown.ts';
export { cdfPoints, type LatencySeries, latencyCdfSvg, renderSvg, werPerClipSvg } from './plots.ts';
export type { ClipResult, EvalReport, MachineInfo, RunSummary } from './types.ts';
export { readReport, type WrittenReport, writeCompare, writeReport } from './write-report.ts';
