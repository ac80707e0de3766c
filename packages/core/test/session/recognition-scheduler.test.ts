/**
 * The session's recognition scheduler: one decode in flight, and a commit that supersedes the
 * item's partial decode — the recognizer may drop it while it waits, and that is not an error.
 */
import { describe, expect, it } from 'vitest';
import type { Hypothesis, RecognitionStream } from '../../src/engine/recognizer.ts';
import { ItemRecognition, RecognitionScheduler } from '../../src/session/recognition-scheduler.ts';

/** A stream whose partial decode waits until released, or rejects when superseded first. */
function waitingStream() {
  const calls: string[] = [];
  let release: () => void = () => {};
  const stream: RecognitionStream = {
    append: () => {},
    update: (_signal, superseded) =>
      new Promise<Hypothesis | null>((resolve, reject) => {
        calls.push('update');
        release = () => resolve({ text: 'partial' });
        superseded?.addEventListener('abort', () => reject(superseded.reason), { once: true });
      }),
    finalize: async () => {
      calls.push('finalize');
      return { text: 'final' };
    },
    close: () => {},
  };
  return { stream, calls, release: () => release() };
}

/** A scheduler that records what it reports, in order. */
function recordingScheduler() {
  const seen: string[] = [];
  const scheduler = new RecognitionScheduler({
    onHypothesis: (_item, h) => seen.push(`partial:${h.text}`),
    onFinal: (_item, h) => seen.push(`final:${h.text}`),
    onFailed: (_item, e) => seen.push(`failed:${String(e)}`),
    onPartialError: (_item, e) => seen.push(`partial-error:${String(e)}`),
  });
  return { scheduler, seen };
}

/** An item of a `waitingStream` whose audio arrived: its partial decode has started and waits. */
async function itemWaitingForPartial(id: string) {
  const { stream, calls, release } = waitingStream();
  const { scheduler, seen } = recordingScheduler();
  const item = new ItemRecognition(id, stream);
  scheduler.audioArrived(item);
  await Promise.resolve();
  return { scheduler, seen, item, calls, release };
}

describe('RecognitionScheduler', () => {
  it("a commit supersedes the item's waiting partial: the final follows at once, no partial error", async () => {
    const { scheduler, seen, item, calls } = await itemWaitingForPartial('item_1');
    expect(calls).toEqual(['update']);
    scheduler.commit(item);
    await scheduler.idle();
    expect(calls).toEqual(['update', 'finalize']);
    expect(seen).toEqual(['final:final']);
  });

  it('a partial that already finished is reported before the final', async () => {
    const { scheduler, seen, item, release } = await itemWaitingForPartial('item_2');
    release();
    await Promise.resolve();
    scheduler.commit(item);
    await scheduler.idle();
    expect(seen).toEqual(['partial:partial', 'final:final']);
  });
});
