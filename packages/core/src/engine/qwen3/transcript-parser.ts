/**
 * Parses Qwen3-ASR output ids: `language <Name><asr_text><text>` (model-contract §6.4), and guards
 * against repetition loops.
 */

/** A parsed model output. */
export interface ParsedOutput {
  /** Ids of the language header (`language English`), without `<asr_text>`; empty when absent. */
  readonly headerIds: readonly number[];
  /** Ids of the transcript text. */
  readonly textIds: readonly number[];
  /** True when the output had the `<asr_text>` tag. */
  readonly tagged: boolean;
}

/** Splits output ids at the first `asrTextId` (no tag: all text). EOS ids must already be dropped. */
export function splitOutput(ids: readonly number[], asrTextId: number): ParsedOutput {
  const at = ids.indexOf(asrTextId);
  if (at < 0) return { headerIds: [], textIds: ids, tagged: false };
  return { headerIds: ids.slice(0, at), textIds: ids.slice(at + 1), tagged: true };
}

/**
 * Length at which `ids` first starts repeating a cycle of 1–`maxPeriod` tokens more than
 * `maxRepeats` times in a row at its end, or null when it does not. Decoding stops there.
 */
export function repetitionCut(ids: readonly number[], maxPeriod = 8, maxRepeats = 4): number | null {
  for (let period = 1; period <= maxPeriod; period++) {
    const span = period * (maxRepeats + 1);
    if (ids.length < span) break;
    let repeating = true;
    for (let i = ids.length - span; i < ids.length - period && repeating; i++) {
      if (ids[i] !== ids[i + period]) repeating = false;
    }
    if (repeating) return ids.length - span + period;
  }
  return null;
}
