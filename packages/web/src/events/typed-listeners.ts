/**
 * Typed `addEventListener` / `removeEventListener` for an `EventTarget` subclass with an event
 * map, as `lib.dom` types them on `WebSocket` or `HTMLElement`, written once for the element and
 * the socket. A class takes them through its base, with no methods of its own:
 *
 * ```ts
 * export class Thing extends (EventTarget as WithTypedListeners<EventTarget, ThingEventMap>) {}
 * ```
 */

/**
 * `addEventListener` or `removeEventListener` of `This`, typed by the event map `M` for the names
 * it lists (others stay untyped); `Options` is the type of the options object.
 */
export interface ListenerMethod<This, M, Options extends EventListenerOptions> {
  <K extends keyof M>(
    type: K,
    listener: (this: This, event: M[K]) => unknown,
    options?: boolean | Options,
  ): void;
  (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | Options): void;
}

/** The listener overloads of a target with the event map `M`. */
export interface TypedListeners<M> {
  /** Adds a listener; `event` is typed by the event map. */
  addEventListener: ListenerMethod<this, M, AddEventListenerOptions>;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener: ListenerMethod<this, M, EventListenerOptions>;
}

/**
 * The type of a base class `T` whose listeners are typed by `M`: the same constructor at run time
 * (the overloads only narrow the types of `T`'s own methods), so a cast to it is sound.
 */
export type WithTypedListeners<T extends EventTarget, M> = new () => TypedListeners<M> & T;
