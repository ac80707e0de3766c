/**
 * `installLocalRealtime()`: routes `new WebSocket(url)` for URLs the page chooses to the in-page
 * engine, so an unmodified client (the `openai` SDK's `OpenAIRealtimeWebSocket`) runs locally.
 */
import { LOCAL_REALTIME_ORIGIN } from '../constants.ts';
import { LocalRealtimeSocket } from './local-realtime-socket.ts';

/** Which URLs open a local session: a URL prefix, a pattern, or a predicate. */
export type LocalUrlMatcher = string | RegExp | ((url: URL) => boolean);

/** Options of `installLocalRealtime`. */
export interface InstallLocalRealtimeOptions {
  /**
   * Opens a new engine connection for the client's URL and returns the page's end (e.g.
   * `(url) => engine.connect({ url })`: the engine then checks the URL as a server does).
   */
  readonly connect: (url: string) => MessagePort;
  /** URLs to route locally; default every URL on `wss://earshot.local`. */
  readonly match?: LocalUrlMatcher;
  /** The global object to patch; default `globalThis`. */
  readonly target?: { WebSocket?: typeof WebSocket };
}

/** True when `url` is one the matcher routes locally. */
export function matchesLocalUrl(matcher: LocalUrlMatcher, url: URL): boolean {
  if (typeof matcher === 'string') return url.href.startsWith(matcher);
  if (matcher instanceof RegExp) return matcher.test(url.href);
  return matcher(url);
}

/** Patches `WebSocket` so matching URLs open a `LocalRealtimeSocket`; returns a function that undoes it. */
export function installLocalRealtime(options: InstallLocalRealtimeOptions): () => void {
  const target = options.target ?? (globalThis as { WebSocket?: typeof WebSocket });
  const Native = target.WebSocket;
  const matcher = options.match ?? `${LOCAL_REALTIME_ORIGIN}/`;
  const Routed = function WebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
    const parsed = new URL(url, globalThis.location?.href);
    if (matchesLocalUrl(matcher, parsed)) {
      return new LocalRealtimeSocket(options.connect(parsed.href), {
        url: parsed.href,
        protocols,
      }) as unknown as WebSocket;
    }
    if (Native === undefined)
      throw new TypeError(`No WebSocket here for ${parsed.href}; only local URLs are routed.`);
    return new Native(url, protocols);
  } as unknown as typeof WebSocket;
  Object.assign(Routed, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  if (Native !== undefined) Routed.prototype = Native.prototype;
  target.WebSocket = Routed;
  return () => {
    if (target.WebSocket === Routed) target.WebSocket = Native;
  };
}
