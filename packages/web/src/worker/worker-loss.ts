/**
 * What a lost engine Worker (crashed or terminated) leaves to settle on the page: every pending
 * call rejects with `EARSHOT_ERR_WORKER_LOST`, and every open session port is told, on the page's
 * end, that its Worker end is gone (a `lost` control message: the socket sends the Realtime
 * `error` event, then closes with 1011).
 */
import { closingError } from '@earshot/core/errors';
import { EarshotWebError } from '../errors.ts';
import { isPortControl, type PortControl } from '../socket/port-messages.ts';

/** Pending calls and open session ports of one engine Worker, settled at once when it is lost. */
export class WorkerLoss {
  private lostWith: EarshotWebError | null = null;
  private readonly pending = new Set<(error: EarshotWebError) => void>();
  private readonly ports = new Set<MessagePort>();

  /** The error the Worker was lost with, or null while it runs. */
  get error(): EarshotWebError | null {
    return this.lostWith;
  }

  /** Settles as `call()` does, or rejects with `EARSHOT_ERR_WORKER_LOST` when the Worker is (or gets) lost first. */
  guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.lostWith !== null) return Promise.reject(this.lostWith);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      call()
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
  }

  /**
   * Watches the page's end of a session port until the engine closes or refuses it; a port
   * tracked after the loss is told at once (in a microtask, once its socket listens).
   */
  track(port: MessagePort): void {
    if (this.lostWith !== null) {
      const error = this.lostWith;
      queueMicrotask(() => tellLost(port, error));
      return;
    }
    this.ports.add(port);
    port.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (isPortControl(data) && (data.earshot === 'close' || data.earshot === 'fail'))
        this.ports.delete(port);
    });
  }

  /** Declares the Worker lost (once): rejects every pending call and tells every open port. */
  lose(message: string): EarshotWebError {
    if (this.lostWith !== null) return this.lostWith;
    const error = new EarshotWebError('EARSHOT_ERR_WORKER_LOST', message);
    this.lostWith = error;
    for (const reject of [...this.pending]) reject(error);
    this.pending.clear();
    for (const port of [...this.ports]) tellLost(port, error);
    this.ports.clear();
    return error;
  }
}

/** Dispatches the `lost` control message on the page's end of `port` (the Worker end cannot send it). */
function tellLost(port: MessagePort, error: EarshotWebError): void {
  const { error: details, close } = closingError('EARSHOT_ERR_WORKER_LOST', error.message);
  const data: PortControl = { earshot: 'lost', error: details, close };
  port.dispatchEvent(new MessageEvent('message', { data }));
}
