/**
 * Drops the rest of a request body the server will not read (a refusal answered early). The
 * client may still be sending it, and a connection closed under it resets before it reads the
 * answer; so the rest is read and dropped, but for at most `LINGER_MS` and `LINGER_BYTES` (a
 * client that keeps sending past them is cut), and never while holding a session.
 */
import type { IncomingMessage } from 'node:http';

/** Longest time, in ms, spent dropping the rest of a refused body. */
const LINGER_MS = 2000;
/** Most bytes of a refused body read and dropped. */
const LINGER_BYTES = 8 * 1024 * 1024;

/**
 * Reads and drops what is left of `req`'s body, within the linger bounds (past them the connection
 * is cut). Settles once the body has ended or the connection closed: an answer that also closes the
 * connection (`connection: close`) waits for it, since a socket closed with unread bytes resets.
 */
export function discardBody(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const cut = () => req.socket.destroy();
    const timer = setTimeout(cut, LINGER_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) cut();
    });
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}
