/**
 * A `ws` client socket that resolves once open and loses no frame: `ws` may deliver the first
 * frames (e.g. `session.created`, sent right after the upgrade) in the same tick as `open`,
 * before the caller can add a listener, so they are held until the first `message` listener is
 * added and then replayed to it. Used by `earshot conformance` and the server's tests.
 */
import type { IncomingMessage } from 'node:http';
import { type ClientOptions, WebSocket } from 'ws';

/**
 * Opens `url`; rejects on a failed handshake (`HTTP <status>` for a refused upgrade). `onUpgrade`
 * gets the 101 response (its headers name the replica behind a balancer).
 */
export function openWebSocket(
  url: string,
  protocols: string[] = [],
  options: ClientOptions = {},
  onUpgrade?: (response: IncomingMessage) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    const early: MessageEvent[] = [];
    let holding = true;
    const keep = (event: MessageEvent) => {
      if (holding) early.push(event);
    };
    ws.addEventListener('message', keep as never);
    const add = ws.addEventListener.bind(ws);
    ws.addEventListener = ((type: string, listener: (event: unknown) => void, ...rest: never[]) => {
      add(type as never, listener as never, ...rest);
      if (type === 'message' && holding) {
        holding = false;
        ws.removeEventListener('message', keep as never);
        for (const event of early.splice(0)) listener(event);
      }
    }) as typeof ws.addEventListener;
    if (onUpgrade !== undefined) ws.once('upgrade', onUpgrade);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}
