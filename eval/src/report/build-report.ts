/** Scores clip records and sums them into a report. */
import { execFileSync } from 'node:child_process';
import { arch, cpus, release, totalmem, type } from 'node:os';
import { corpusRate, formatAlignment, scoreClip, summarizeLatency } from '../scoring/index.ts';
import type { ClipRecord } from '../targets/clip-record.ts';
import type { ClipResult, MachineInfo, RunSummary } from './types.ts';

/** Scores one clip's record against its reference. */
export function scoreRecord(
  clip: { readonly id: string; readonly text: string; readonly audioPath: string },
  record: ClipRecord,
): ClipResult {
  const score = scoreClip(clip.text, record.transcript);
  return {
    id: clip.id,
    reference: clip.text,
    audioPath: clip.audioPath,
    ...record,
    scoredReference: score.reference,
    scoredHypothesis: score.hypothesis,
    words: score.words,
    chars: score.chars,
    wer: score.wer,
    cer: score.cer,
    alignment: formatAlignment(score.alignment),
  };
}

/** Sums clip results into the run summary. */
export function summarize(clips: readonly ClipResult[], wallSeconds: number): RunSummary {
  const errorCodes: Record<string, number> = {};
  for (const clip of clips) {
    for (const code of new Set(clip.errors.map((e) => e.code)))
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  }
  const values = (pick: (c: ClipResult) => number | null) =>
    clips.map(pick).filter((v): v is number => v !== null);
  const silent = clips.filter((c) => c.words.refLength === 0);
  return {
    clips: clips.length,
    clipsWithErrors: clips.filter((c) => c.errors.length > 0).length,
    wer: corpusRate(clips.map((c) => c.words)),
    cer: corpusRate(clips.map((c) => c.chars)),
    firstDeltaMs: summarizeLatency(values((c) => c.firstDeltaMs)),
    firstDeltaAfterOnsetMs: summarizeLatency(values((c) => c.firstDeltaAfterOnsetMs)),
    maxDeltaGapMs: summarizeLatency(values((c) => c.maxDeltaGapMs)),
    maxSpeechGapMs: summarizeLatency(values((c) => c.maxSpeechGapMs)),
    deltasNotFinal: clips.filter((c) => !c.deltasMatchFinal).length,
    finalLatencyMs: summarizeLatency(values((c) => c.finalLatencyMs)),
    deltas: clips.reduce((s, c) => s + c.deltas, 0),
    rewrittenChars: clips.reduce((s, c) => s + c.rewrittenChars, 0),
    droppedPartialChars: clips.reduce((s, c) => s + c.droppedPartialChars, 0),
    audioSeconds: clips.reduce((s, c) => s + c.audioMs, 0) / 1000,
    wallSeconds,
    errorCodes,
    withoutSpeech: {
      clips: silent.length,
      withWords: silent.filter((c) => c.words.hypLength > 0).length,
      words: silent.reduce((n, c) => n + c.words.hypLength, 0),
    },
  };
}

function gpuName(): string | null {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return out.trim().split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

/** Describes the machine the harness runs on. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    gpu: gpuName(),
  };
}
