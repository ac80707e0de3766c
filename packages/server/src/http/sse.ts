/** Server-sent events for `stream=true` transcriptions (`data: <json>` frames, as OpenAI sends). */
import type { ServerResponse } from 'node:http';

/** Writes one server-sent event stream to a response. */
export class SseWriter {
  /** Starts the event stream on `res` (status 200). */
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
  }

  /** Sends one event as `data: <json>` (named with `event:` when `name` is given). */
  send(data: unknown, name?: string): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.write(`${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream. */
  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
