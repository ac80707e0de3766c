/** TEST ONLY: `ws` clients for the conformance suite's `TestClient`, plus metric reading. */
import type { IncomingMessage } from 'node:http';
import { TestClient, type WebSocketLike } from '@earshot/testkit/conformance';
import type { ClientOptions, WebSocket } from 'ws';
import { openWebSocket } from '../../src/realtime/ws-client.ts';

/** Opens a `ws` socket that loses no early frame (see `openWebSocket`); resolves once open. */
export const openSocket = openWebSocket;

/** A `ws` socket as the suite's `WebSocketLike`. */
export function asSocketLike(ws: WebSocket): WebSocketLike {
  return ws as unknown as WebSocketLike;
}

/** Opens a socket and wraps it in a `TestClient`; `onUpgrade` gets the 101 response. */
export async function openClient(
  url: string,
  protocols: string[] = [],
  options: ClientOptions = {},
  onUpgrade?: (response: IncomingMessage) => void,
): Promise<TestClient> {
  return new TestClient(asSocketLike(await openSocket(url, protocols, options, onUpgrade)));
}

/** A JSON response body as the tests read it (loosely typed on purpose: the tests check shapes). */
export interface Body {
  readonly error: {
    readonly code: string | null;
    readonly type: string;
    readonly message: string;
    readonly param: string | null;
  };
  readonly text: string;
  readonly usage: { readonly type: string; readonly seconds: number };
  readonly [key: string]: unknown;
}

/** The JSON body of `res`. */
export async function jsonOf(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

/** The value of metric `name` with exactly `labels` in a Prometheus text exposition (0 when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}

/** Fetches `/metrics` of a server at `base`. */
export async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  return res.text();
}

/** Polls `check` every 10 ms until it returns true, at most `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
