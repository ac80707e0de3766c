/**
 * The conformance suite over real `ws` sockets against the server, with the test-only tone
 * recognizer (deterministic; exercises the transport, resampling, G.711, VAD and limits).
 */

import { TONE_LIMITS, ToneRecognizer, toneTarget } from '@earshot/testkit/tones';
import { defineConformanceSuite } from '@earshot/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { asSocketLike, openSocket } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

const recognizer = new ToneRecognizer({ decodeMs: 2 });
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ recognizer, limits: TONE_LIMITS });
});
afterAll(() => server.close());

defineConformanceSuite(
  'EarshotServer over WebSocket (tone recognizer)',
  toneTarget(recognizer, {
    connect: async () => asSocketLike(await openSocket(server.realtimeUrl())),
    connectWithQuery: async (query: string) => asSocketLike(await openSocket(server.realtimeUrl(query))),
  }),
);
