/**
 * A serial lane of async work: jobs run one at a time, in order, and a job's failure never stops
 * the lane. `idle()` resolves when every job queued so far has finished.
 */
export class WorkLane {
  private tail: Promise<void> = Promise.resolve();
  private depth = 0;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Number of jobs queued or running. */
  get size(): number {
    return this.depth;
  }

  /** Queues `job` after everything queued before it. */
  run(job: () => Promise<void> | void): void {
    this.depth++;
    this.tail = this.tail.then(async () => {
      try {
        await job();
      } catch (error) {
        this.onError(error);
      } finally {
        this.depth--;
      }
    });
  }

  /** Resolves when all jobs queued so far have finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
