/**
 * A `Recognizer` wrapper that times every decode, counts the decodes waiting or running, and adds
 * up the time the model had work (at least one decode outstanding): since the shared model decodes
 * one at a time, that time over wall time is the model's utilisation, the figure to size on.
 */
import type {
  BatchStats,
  Hypothesis,
  RecognitionOptions,
  RecognitionStream,
  Recognizer,
} from '@earshot/core/engine';

/** Called after each decode with its kind and its latency in seconds (queue wait included). */
export type DecodeObserver = (kind: 'partial' | 'final' | 'segment', seconds: number) => void;

/** Wraps the shared recognizer: times each decode and counts the decodes outstanding. */
export class MeteredRecognizer implements Recognizer {
  private outstanding = 0;
  /** Busy seconds of the intervals already ended. */
  private busyEnded = 0;
  /** `performance.now()` when the current busy interval began (meaningful while `outstanding > 0`). */
  private busySince = 0;

  constructor(
    private readonly inner: Recognizer,
    private readonly observe: DecodeObserver,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  get languages(): readonly string[] | null {
    return this.inner.languages;
  }

  get batchStats(): BatchStats | null {
    return this.inner.batchStats ?? null;
  }

  /** Decodes waiting for the model or running, over all sessions. */
  get queueDepth(): number {
    return this.outstanding;
  }

  /** Seconds, since this wrapper was made, during which at least one decode was waiting or running. */
  get busySeconds(): number {
    const current = this.outstanding > 0 ? performance.now() - this.busySince : 0;
    return this.busyEnded + current / 1000;
  }

  start(options: RecognitionOptions): RecognitionStream {
    const stream = this.inner.start(options);
    return {
      append: (samples) => stream.append(samples),
      update: (signal, superseded) => this.timed('partial', () => stream.update(signal, superseded)),
      finalize: (signal) => this.timed('final', () => stream.finalize(signal)),
      ...(stream.cut === undefined
        ? {}
        : {
            cut: async (signal?: AbortSignal) => {
              await this.timed('segment', async () => {
                await stream.cut?.(signal);
                return undefined;
              });
            },
          }),
      close: () => stream.close(),
    };
  }

  private async timed<T extends Hypothesis | null | undefined>(
    kind: 'partial' | 'final' | 'segment',
    decode: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    if (this.outstanding++ === 0) this.busySince = started;
    try {
      const result = await decode();
      if (result !== null) this.observe(kind, (performance.now() - started) / 1000);
      return result;
    } finally {
      if (--this.outstanding === 0) this.busyEnded += (performance.now() - this.busySince) / 1000;
    }
  }
}
