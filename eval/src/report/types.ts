/** The JSON report of one evaluation run (version 1). */
import type { AlignmentCounts, CorpusRate, LatencySummary } from '../scoring/index.ts';
import type { ClipRecord, StreamOptions } from '../targets/clip-record.ts';
import type { TargetInfo } from '../targets/target.ts';

/** The machine the harness ran on (the client side; a remote server's machine is unknown). */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** Accelerator if known (e.g. from `nvidia-smi`), else null. */
  readonly gpu: string | null;
}

/** One clip's result: its record and score. */
export interface ClipResult extends ClipRecord {
  readonly id: string;
  /** Reference as the dataset gives it. */
  readonly reference: string;
  readonly audioPath: string;
  /** Normalised reference and hypothesis, as scored. */
  readonly scoredReference: string;
  readonly scoredHypothesis: string;
  readonly words: AlignmentCounts;
  readonly chars: AlignmentCounts;
  readonly wer: number | null;
  readonly cer: number | null;
  /** The word alignment, rendered (`REF:`/`HYP:` lines with S/I/D marks). */
  readonly alignment: string;
}

/** Totals of a run. */
export interface RunSummary {
  readonly clips: number;
  /** Clips with at least one error. */
  readonly clipsWithErrors: number;
  readonly wer: CorpusRate;
  readonly cer: CorpusRate;
  /** Ms from the first append to the first delta, over clips that got a delta. */
  readonly firstDeltaMs: LatencySummary;
  /** Ms from speech onset to the first delta (meaningful with real-time pacing). */
  readonly firstDeltaAfterOnsetMs: LatencySummary;
  /** Per clip, the longest wait between deltas while speaking, in ms. */
  readonly maxDeltaGapMs: LatencySummary;
  /** Per clip, the longest time spent speaking without a delta (pauses of 500 ms or more left out); absent in reports older than it. */
  readonly maxSpeechGapMs?: LatencySummary;
  /** Clips whose joined deltas differ from `completed.transcript` in some item. */
  readonly deltasNotFinal: number;
  /** Ms from `speech_stopped` (server VAD) or the last audio (manual) to `completed`, per clip. */
  readonly finalLatencyMs: LatencySummary;
  readonly deltas: number;
  readonly rewrittenChars: number;
  readonly droppedPartialChars: number;
  readonly audioSeconds: number;
  readonly wallSeconds: number;
  /** Error codes and how many clips had each. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /**
   * Clips whose reference is empty (no speech: noise, silence), how many of them got words and
   * how many words in all (their WER is undefined); absent in reports older than it.
   */
  readonly withoutSpeech?: { readonly clips: number; readonly withWords: number; readonly words: number };
}

/** A whole run. */
export interface EvalReport {
  readonly version: 1;
  readonly createdAt: string;
  readonly target: TargetInfo;
  readonly dataset: { readonly name: string; readonly kind: string; readonly clips: number };
  readonly options: StreamOptions & { readonly sessions: number };
  readonly machine: MachineInfo;
  readonly summary: RunSummary;
  readonly clips: readonly ClipResult[];
}
