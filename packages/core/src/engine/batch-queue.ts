/**
 * Runs jobs in batches, shared fairly between lanes (one per recognition stream) — the batched
 * counterpart of `FairQueue`. A batch takes the next job of up to `maxBatch` lanes, in their turn
 * order (round robin: a lane rejoins the end of the rotation once its job has finished), so each
 * lane's jobs run in order, one at a time, and a lane with many jobs queued takes one row of each
 * batch, never the whole batch. When the runner is idle, the first job waits `waitMs` for others
 * to join it; jobs that queued while a batch ran go in the next batch at once. One batch runs at a
 * time. With `priority`, lanes whose next job has a lower class go first (turn order within a
 * class), and class-0 jobs (final decodes a client waits for) run in a batch of their own, so that
 * they wait for at most the batch running. A job's failure (its outcome, or the whole batch's)
 * rejects only the jobs it concerns.
 */

/** Submits a job in its lane's turn; resolves or rejects with its outcome. */
export type BatchLane<J, R> = (job: J) => Promise<R>;

/** A job's outcome in a batch. */
export type JobOutcome<R> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly error: unknown };

/** Runs a batch; one outcome per job, in order. */
export type BatchRunner<J, R> = (jobs: readonly J[]) => Promise<readonly JobOutcome<R>[]>;

/** Options of a `BatchQueue`. */
export interface BatchQueueOptions {
  /** Most jobs in one batch (≥ 1). */
  readonly maxBatch: number;
  /** How long, in ms, the first job of an idle queue waits for others (0: the next turn of the event loop). */
  readonly waitMs: number;
}

/** `BatchQueueOptions`, which jobs go first, and how a job is called off. */
export interface BatchQueueSettings<J> extends BatchQueueOptions {
  /**
   * A job's class (default 0 for every job, i.e. plain round robin): lower classes take a batch's
   * rows first; with any job of class 0 waiting among classes above, class 0 runs alone.
   */
  readonly priority?: (job: J) => number;
  /** A job's abort signals: once one aborts while the job waits, it leaves its lane and rejects at once. */
  readonly signals?: (job: J) => readonly (AbortSignal | undefined)[];
  /**
   * A job's "no longer wanted" signal: once it aborts while the job waits behind a running batch,
   * the job leaves and rejects; on an idle queue (its batching wait) the job runs, as it would on
   * a serial queue, so that a lone session behaves the same batched or not.
   */
  readonly superseded?: (job: J) => AbortSignal | undefined;
}

interface Pending<J, R> {
  readonly job: J;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
  /** Stops listening for the job's abort (once it runs). */
  forget: () => void;
}

interface Lane<J, R> {
  readonly jobs: Pending<J, R>[];
  /** In the rotation, or with a job in the running batch. */
  active: boolean;
}

export class BatchQueue<J, R> {
  private readonly turns: Lane<J, R>[] = [];
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queued = 0;
  private notStarted = 0;
  /** Batches run and jobs they held (for benches and metrics). */
  readonly stats = { batches: 0, jobs: 0, largest: 0 };

  constructor(
    private readonly run: BatchRunner<J, R>,
    private readonly options: BatchQueueSettings<J>,
  ) {
    if (!(options.maxBatch >= 1))
      throw new RangeError(`maxBatch must be at least 1, got ${options.maxBatch}`);
  }

  /** Jobs queued or running, all lanes together. */
  get depth(): number {
    return this.queued;
  }

  /** Jobs queued and not yet in a batch. */
  get waiting(): number {
    return this.notStarted;
  }

  /** A new lane; it needs no closing (a lane without jobs holds nothing). */
  lane(): BatchLane<J, R> {
    const lane: Lane<J, R> = { jobs: [], active: false };
    return (job: J) =>
      new Promise<R>((resolve, reject) => {
        const signals = (this.options.signals?.(job) ?? []).filter((s): s is AbortSignal => s !== undefined);
        const superseded = this.options.superseded?.(job);
        const off =
          signals.find((s) => s.aborted) ?? (this.running && superseded?.aborted ? superseded : undefined);
        if (off !== undefined) return reject(off.reason);
        this.queued++;
        this.notStarted++;
        const pending: Pending<J, R> = { job, resolve, reject, forget: () => {} };
        const listen = (signal: AbortSignal, onlyWhileRunning: boolean) => {
          const withdraw = () => {
            if (!onlyWhileRunning || this.running) this.withdraw(lane, pending, signal.reason);
          };
          signal.addEventListener('abort', withdraw, { once: true });
          return () => signal.removeEventListener('abort', withdraw);
        };
        const listeners = signals.map((signal) => listen(signal, false));
        if (superseded !== undefined) listeners.push(listen(superseded, true));
        pending.forget = () => {
          for (const remove of listeners) remove();
        };
        lane.jobs.push(pending);
        if (!lane.active) {
          lane.active = true;
          this.turns.push(lane);
        }
        this.schedule();
      });
  }

  private schedule(): void {
    if (this.running || this.timer !== null || this.turns.length === 0) return;
    if (this.turns.length >= this.options.maxBatch) {
      void this.next();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.next();
    }, this.options.waitMs);
  }

  /** Takes a job that was called off while it waited out of its lane, and rejects it. */
  private withdraw(lane: Lane<J, R>, pending: Pending<J, R>, reason: unknown): void {
    const at = lane.jobs.indexOf(pending);
    if (at < 0) return;
    lane.jobs.splice(at, 1);
    this.queued--;
    this.notStarted--;
    const turn = this.turns.indexOf(lane);
    if (lane.jobs.length === 0 && turn >= 0) {
      this.turns.splice(turn, 1);
      lane.active = false;
    }
    pending.forget();
    pending.reject(reason);
  }

  /**
   * The lanes of the next batch, out of the rotation: by class of their next job, then in turn
   * order; when class-0 jobs wait beside others, only they (a small batch of them runs sooner).
   */
  private takeLanes(): Lane<J, R>[] {
    const max = this.options.maxBatch;
    const priority = this.options.priority;
    if (priority === undefined) return this.turns.splice(0, max);
    const classOf = (lane: Lane<J, R>) => (lane.jobs[0] === undefined ? 0 : priority(lane.jobs[0].job));
    // A stable sort: turn order within a class.
    const ordered = [...this.turns].sort((a, b) => classOf(a) - classOf(b));
    const first = ordered[0];
    const eligible =
      first !== undefined && classOf(first) === 0 ? ordered.filter((l) => classOf(l) === 0) : ordered;
    const taken = eligible.slice(0, max);
    const left = this.turns.filter((lane) => !taken.includes(lane));
    this.turns.length = 0;
    this.turns.push(...left);
    return taken;
  }

  private async next(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) return;
    const lanes = this.takeLanes();
    const batch = lanes.map((lane) => lane.jobs.shift() as Pending<J, R>);
    if (batch.length === 0) return;
    for (const pending of batch) pending.forget();
    this.running = true;
    this.notStarted -= batch.length;
    this.stats.batches++;
    this.stats.jobs += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let outcomes: readonly JobOutcome<R>[];
    try {
      outcomes = await this.run(batch.map((p) => p.job));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    for (const [i, pending] of batch.entries()) {
      const outcome = outcomes[i] ?? {
        ok: false,
        error: new Error('the batch returned no outcome for this job'),
      };
      this.queued--;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    }
    for (const lane of lanes) {
      if (lane.jobs.length > 0) this.turns.push(lane);
      else lane.active = false;
    }
    this.running = false;
    // Jobs that queued meanwhile have waited already: they go at once.
    if (this.turns.length > 0) void this.next();
  }
}
