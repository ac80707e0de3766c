/** `CloseEvent` where the runtime has one (browsers), an `Event` with the same fields elsewhere (Node tests). */

/** The fields of a close event. */
export interface CloseInit {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** Creates a `close` event carrying `code`, `reason` and `wasClean`. */
export function createCloseEvent(init: CloseInit): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', init);
  return Object.assign(new Event('close'), init) as unknown as CloseEvent;
}
