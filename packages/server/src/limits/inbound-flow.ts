/**
 * Inbound flow control: tracks the bytes of client frames handed to a session that it has not
 * processed yet, so the host can stop reading the socket (TCP back-pressure) while they pile up.
 */
export class InboundFlow {
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;

  /**
   * `highWater` is the most waiting bytes before reading pauses; `queued` reports how many
   * frames the session still holds (its event lane is first in, first out).
   */
  constructor(
    private readonly highWater: number,
    private readonly queued: () => number,
  ) {}

  /** Records a frame of `size` bytes handed to the session; true when reading should pause. */
  received(size: number): boolean {
    this.sizes.push(size);
    this.bytes += size;
    return this.waiting() > this.highWater;
  }

  /** True when reading may resume: the waiting bytes fell to half the high-water mark. */
  canResume(): boolean {
    return this.waiting() <= this.highWater / 2;
  }

  /** Bytes of frames the session has not processed yet. */
  waiting(): number {
    const queued = this.queued();
    while (this.sizes.length - this.head > queued) {
      this.bytes -= this.sizes[this.head] ?? 0;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.sizes.length) {
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return this.bytes;
  }
}
