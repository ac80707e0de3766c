/** TEST ONLY: starts an `EarshotServer` on a free loopback port (tone recognizer unless told otherwise). */
import type { Recognizer } from '@earshot/core/engine';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { EarshotServer, type EarshotServerOptions, type ServerUrls } from '../../src/index.ts';

/** A running test server. */
export interface TestServer {
  readonly server: EarshotServer;
  readonly urls: ServerUrls;
  /** `http://127.0.0.1:<port>` (or https). */
  readonly base: string;
  /** The realtime URL with `query` (default `intent=transcription`). */
  realtimeUrl(query?: string): string;
  close(): Promise<void>;
}

/** Starts a server; `recognizer` defaults to a fast `ToneRecognizer`. */
export async function startServer(
  options: Partial<EarshotServerOptions> & { recognizer?: Recognizer } = {},
): Promise<TestServer> {
  const server = new EarshotServer({
    recognizer: options.recognizer ?? new ToneRecognizer({ decodeMs: 1 }),
    processMetrics: false,
    pingIntervalSeconds: 0,
    ...options,
  });
  await server.listen(0, '127.0.0.1');
  const urls = server.urls();
  const base = urls.api.replace(/\/v1$/, '');
  return {
    server,
    urls,
    base,
    realtimeUrl: (query = 'intent=transcription') => `${base.replace(/^http/, 'ws')}/v1/realtime?${query}`,
    close: () => server.shutdown(),
  };
}
