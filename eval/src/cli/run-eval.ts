/** Runs a dataset through a target with N concurrent sessions and builds the report. */
import { loadPcm16 } from '../datasets/decode-audio.ts';
import type { Dataset } from '../datasets/types.ts';
import { machineInfo, scoreRecord, summarize } from '../report/build-report.ts';
import type { ClipResult, EvalReport } from '../report/types.ts';
import { type ClipRecord, failedRecord, type StreamOptions } from '../targets/clip-record.ts';
import type { Target } from '../targets/target.ts';

/** Options of `runEval`. */
export interface RunEvalOptions {
  readonly stream: StreamOptions;
  /** Concurrent sessions (each clip gets its own session). */
  readonly sessions: number;
  /** Called after each clip with the number done so far and the clip's result. */
  readonly onClip?: (done: number, total: number, result: ClipResult) => void;
}

/** Streams every clip of `dataset` to `target` (`sessions` at a time), scores them and returns the report. */
export async function runEval(
  target: Target,
  dataset: Dataset,
  options: RunEvalOptions,
): Promise<EvalReport> {
  const clips = dataset.clips;
  const results: ClipResult[] = new Array(clips.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < clips.length; index = next++) {
      const clip = clips[index];
      if (clip === undefined) continue;
      let record: ClipRecord;
      try {
        const pcm = await loadPcm16(clip.audioPath, options.stream.rate);
        record = await target.runClip(pcm, options.stream);
      } catch (error) {
        record = failedRecord(0, [{ code: 'harness_error', message: (error as Error).message }]);
      }
      const result = scoreRecord(clip, record);
      results[index] = result;
      done += 1;
      options.onClip?.(done, clips.length, result);
    }
  };
  const sessions = Math.max(1, Math.min(options.sessions, clips.length));
  await Promise.all(Array.from({ length: sessions }, worker));
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    target: await target.info(),
    dataset: { name: dataset.name, kind: dataset.kind, clips: clips.length },
    options: { ...options.stream, sessions },
    machine: machineInfo(),
    summary: summarize(results, wallSeconds),
    clips: results,
  };
}
