/**
 * Schedules recognition work for one session: never more than one decode in flight. Committed
 * items are finalized first, in commit order; the pending item gets a partial update whenever it
 * has new audio, so appends that arrive during a decode are coalesced into the next update.
 */
import type { Hypothesis, RecognitionStream, TokenLogprob } from '../engine/recognizer.ts';
import { normalizeTranscript, TranscriptState } from '../streaming/index.ts';

/** Recognition state of one item (pending or committed). */
export class ItemRecognition {
  /** Turns the recognizer's hypotheses into deltas. */
  readonly transcript = new TranscriptState();
  /** Aborts the item's in-flight decode on clear/close. */
  readonly controller = new AbortController();
  /** The partial decode in flight, if any: a commit supersedes it (the final decode covers its audio). */
  partial: AbortController | null = null;
  /** New audio arrived since the last update. */
  dirty = false;
  committed = false;
  cancelled = false;
  /** Audio in the item, in ms of input audio (for the 100 ms commit rule and `usage`). */
  audioMs = 0;
  /** Audio in the item, in samples at 16 kHz (for the buffer cap). */
  samples = 0;
  /** The client has seen this item's id (speech_started or a delta): it must get a terminal event. */
  announced = false;
  /** Tokens whose log-probabilities were already sent in deltas. */
  private logprobsSent = 0;

  constructor(
    readonly itemId: string,
    readonly stream: RecognitionStream | null,
  ) {}

  /**
   * The log-probabilities of the tokens the emitted text now covers that no earlier delta carried:
   * tokens are taken in order while their joined text stays within `emitted`'s length.
   */
  logprobsFor(emitted: string, tokens: readonly TokenLogprob[]): TokenLogprob[] {
    let text = '';
    let covered = 0;
    for (const token of tokens) {
      const next = normalizeTranscript(text + token.token);
      if (next.length > emitted.length) break;
      text += token.token;
      covered++;
    }
    const fresh = tokens.slice(this.logprobsSent, Math.max(this.logprobsSent, covered));
    this.logprobsSent = Math.max(this.logprobsSent, covered);
    return [...fresh];
  }

  /** Stops the item's recognition; pending results are dropped. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.controller.abort();
    this.stream?.close();
  }
}

/** Why a partial decode was abandoned: its item was committed. */
export class PartialSuperseded extends Error {
  constructor() {
    super('the item was committed: its partial decode is superseded by the final one');
    this.name = 'PartialSuperseded';
  }
}

/** What the scheduler reports back to the session. */
export interface SchedulerHandlers {
  onHypothesis(item: ItemRecognition, hypothesis: Hypothesis): void;
  onFinal(item: ItemRecognition, hypothesis: Hypothesis): void;
  onFailed(item: ItemRecognition, error: unknown): void;
  /** A partial decode failed; the item goes on and its final decode decides the outcome. */
  onPartialError(item: ItemRecognition, error: unknown): void;
}

export class RecognitionScheduler {
  private pending: ItemRecognition | null = null;
  private readonly toFinalize: ItemRecognition[] = [];
  private running = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly handlers: SchedulerHandlers) {}

  /** Number of committed items still waiting for their final transcript. */
  get backlog(): number {
    return this.toFinalize.length;
  }

  /** Marks `item` as the pending item with new audio; a partial update follows when idle. */
  audioArrived(item: ItemRecognition): void {
    this.pending = item;
    item.dirty = true;
    this.kick();
  }

  /**
   * Queues the final decode of a committed item. The item's partial decode in flight is marked
   * superseded: a recognizer drops it if it is still waiting for the model (its text would be
   * replaced at once, and the final would wait for it); one already running finishes.
   */
  commit(item: ItemRecognition): void {
    item.committed = true;
    item.partial?.abort(new PartialSuperseded());
    if (this.pending === item) this.pending = null;
    this.toFinalize.push(item);
    this.kick();
  }

  /** Resolves when no work is queued or running. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const item = this.toFinalize.shift();
        if (item !== undefined) {
          await this.finalize(item);
          continue;
        }
        const pending = this.pending;
        if (pending?.dirty && !pending.cancelled && !pending.committed) {
          pending.dirty = false;
          await this.update(pending);
          continue;
        }
        break;
      }
    } finally {
      this.running = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async update(item: ItemRecognition): Promise<void> {
    if (item.stream === null) return;
    const partial = new AbortController();
    item.partial = partial;
    try {
      const hypothesis = await item.stream.update(item.controller.signal, partial.signal);
      if (hypothesis !== null && !item.cancelled) this.handlers.onHypothesis(item, hypothesis);
    } catch (error) {
      // A failed partial is not fatal: the final decode decides the item's outcome.
      if (!item.cancelled && !(error instanceof PartialSuperseded)) this.handlers.onPartialError(item, error);
    } finally {
      item.partial = null;
    }
  }

  private async finalize(item: ItemRecognition): Promise<void> {
    if (item.cancelled || item.stream === null) return;
    try {
      const hypothesis = await item.stream.finalize(item.controller.signal);
      if (!item.cancelled) this.handlers.onFinal(item, hypothesis);
    } catch (error) {
      if (!item.cancelled) this.handlers.onFailed(item, error);
    } finally {
      item.stream.close();
    }
  }
}
