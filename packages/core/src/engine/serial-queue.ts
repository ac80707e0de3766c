/**
 * Runs async jobs one at a time, first come first served; a job's failure rejects only its own
 * promise and never stops the queue. Used for a session's client events (in order); a recognizer's
 * decodes, shared by many streams, go through a `FairQueue`.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Jobs queued or running. */
  get depth(): number {
    return this.waiting;
  }

  /** Runs `job` after every job queued before it; resolves or rejects with it. */
  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job).finally(() => {
      this.waiting--;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
