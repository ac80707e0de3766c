/**
 * TEST ONLY: a stand-in for the engine's Web Worker — comlink over a `MessageChannel` to an
 * in-process API — that can crash (an `error` event) and records `terminate()`.
 */
import { expose } from 'comlink';

/** A fake `Worker`: `postMessage`/`message` go to `api` (exposed with comlink); `crash()` fires `error`. */
export class FakeWorker extends EventTarget {
  /** Every FakeWorker created, oldest first (for `vi.stubGlobal('Worker', …)` tests). */
  static readonly created: FakeWorker[] = [];
  /** The API the next `new FakeWorker()` serves when none is given. */
  static nextApi: () => object = () => ({});
  terminated = false;
  private readonly port: MessagePort;

  constructor(api?: object | URL | string) {
    super();
    const channel = new MessageChannel();
    expose(typeof api === 'object' && !(api instanceof URL) ? api : FakeWorker.nextApi(), channel.port2);
    this.port = channel.port1;
    this.port.addEventListener('message', (event: MessageEvent) =>
      this.dispatchEvent(new MessageEvent('message', { data: event.data })),
    );
    this.port.start();
    FakeWorker.created.push(this);
  }

  postMessage(data: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.port.postMessage(data, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }

  /** Fires the `error` event a Worker fires when its script throws or fails to load. */
  crash(message = 'boom'): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }

  /** This fake as the DOM `Worker` type `LocalEngine` takes. */
  asWorker(): Worker {
    return this as unknown as Worker;
  }
}

/** A promise that never settles (a call the Worker never answers). */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
