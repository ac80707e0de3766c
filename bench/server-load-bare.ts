/**
 * Baselines for bench/server-load.ts: a bare `ws` server on a free loopback port, in one of two
 * modes — `echo` (sends every frame back) or `session` (feeds every frame to a core
 * `RealtimeSession`, the same work Earshot's server does, without its host layer: no auth,
 * limits, metrics or flow control). Prints its URL on stderr; answers `{"type":"bench.cpu"}` with
 * its CPU time.
 *
 * Run: node --conditions=earshot-source --import tsx bench/server-load-bare.ts echo|session
 */
import type { Recognizer } from '@earshot/core/engine';
import { RealtimeSession } from '@earshot/core/session';
import { type RawData, WebSocketServer } from 'ws';

const mode = process.argv[2] ?? 'echo';

/** A client frame asking for this process's CPU time. */
const CPU_QUERY = '{"type":"bench.cpu"}';

/** A recognizer for sessions that never transcribe (the bench turns transcription off). */
const noRecognizer: Recognizer = {
  model: 'none',
  languages: null,
  start: () => {
    throw new Error('transcription is off in this baseline');
  },
};

function isCpuQuery(data: RawData): boolean {
  return Buffer.isBuffer(data) && data.length === CPU_QUERY.length && data.toString() === CPU_QUERY;
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => {
  const session =
    mode === 'session'
      ? new RealtimeSession({
          recognizer: noRecognizer,
          send: (event) => ws.send(JSON.stringify(event)),
          close: (code, reason) => ws.close(code, reason),
        })
      : null;
  ws.on('message', (data, isBinary) => {
    if (!isBinary && isCpuQuery(data)) {
      const { user, system } = process.cpuUsage();
      ws.send(JSON.stringify({ type: 'bench.cpu', seconds: (user + system) / 1e6 }));
    } else if (session === null) ws.send(data, { binary: isBinary });
    else if (isBinary) session.handleBinary();
    else session.handleText(data.toString());
  });
  ws.on('close', () => session?.close());
});
wss.on('listening', () => {
  const address = wss.address();
  if (address !== null && typeof address === 'object')
    process.stderr.write(`ws://127.0.0.1:${address.port}\n`);
});
