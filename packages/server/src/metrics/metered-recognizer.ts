/** A `Recognizer` wrapper that times every decode and counts the decodes waiting or running. */
import type { Hypothesis, RecognitionOptions, RecognitionStream, Recognizer } from '@earshot/core/engine';

/** Called after each decode with its kind and its latency in seconds (queue wait included). */
export type DecodeObserver = (kind: 'partial' | 'final' | 'segment', seconds: number) => void;

/** Wraps the shared recognizer: times each decode and counts the decodes outstanding. */
export class MeteredRecognizer implements Recognizer {
  private outstanding = 0;

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

  /** Decodes waiting for the model or running, over all sessions. */
  get queueDepth(): number {
    return this.outstanding;
  }

  start(options: RecognitionOptions): RecognitionStream {
    const stream = this.inner.start(options);
    return {
      append: (samples) => stream.append(samples),
      update: (signal) => this.timed('partial', () => stream.update(signal)),
      finalize: (signal) => this.timed('final', () => stream.finalize(signal)),
      ...(stream.cut === undefined
        ? {}
        : {
            cut: async (signal?: AbortSignal) => {
              await this.timed('segment', async () => (await stream.cut?.(signal), undefined));
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
    this.outstanding++;
    try {
      const result = await decode();
      if (result !== null) this.observe(kind, (performance.now() - started) / 1000);
      return result;
    } finally {
      this.outstanding--;
    }
  }
}
