/**
 * Runs async jobs one at a time, shared fairly between lanes (one per recognition stream): each
 * lane's jobs run in the order queued, and the lanes with work take turns, round robin. A lane
 * rejoins the end of the rotation only once its job has finished, so a lane with many jobs
 * queued delays another lane's job by at most the one job running; first come first served would
 * make it wait for all of them. A job's failure rejects only its own promise.
 */

/** Runs `job` in its lane's turn; resolves or rejects with it. */
export type LaneRunner = <T>(job: () => Promise<T> | T) => Promise<T>;

interface Lane {
  readonly jobs: Array<() => Promise<void>>;
  /** In the rotation, or running its job. */
  active: boolean;
}

export class FairQueue {
  /** Lanes waiting for their turn, in turn order. */
  private readonly turns: Lane[] = [];
  private running = false;
  private queued = 0;
  private notStarted = 0;

  /** Jobs queued or running, all lanes together. */
  get depth(): number {
    return this.queued;
  }

  /** Jobs queued and not running yet. */
  get waiting(): number {
    return this.notStarted;
  }

  /** A new lane; it needs no closing (a lane without jobs holds nothing). */
  lane(): LaneRunner {
    const lane: Lane = { jobs: [], active: false };
    return <T>(job: () => Promise<T> | T) =>
      new Promise<T>((resolve, reject) => {
        this.queued++;
        this.notStarted++;
        lane.jobs.push(() =>
          Promise.resolve()
            .then(job)
            .then(resolve, reject)
            .finally(() => {
              this.queued--;
            }),
        );
        if (!lane.active) {
          lane.active = true;
          this.turns.push(lane);
        }
        this.next();
      });
  }

  private next(): void {
    if (this.running) return;
    const lane = this.turns.shift();
    const job = lane?.jobs.shift();
    if (lane === undefined || job === undefined) return;
    this.notStarted--;
    this.running = true;
    void job().then(() => {
      this.running = false;
      if (lane.jobs.length > 0) this.turns.push(lane);
      else lane.active = false;
      this.next();
    });
  }
}
