/**
 * The conformance suite over real `ws` sockets against the server, with the test-only tone
 * recognizer (deterministic; exercises the transport, resampling, G.711, VAD and limits).
 */

import { TONE_CLIPS, ToneRecognizer } from '@earshot/testkit/tones';
import { defineConformanceSuite } from '@earshot/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { asSocketLike, openSocket } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

const limits = { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 };
const recognizer = new ToneRecognizer({ decodeMs: 2 });
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ recognizer, limits });
});
afterAll(() => server.close());

defineConformanceSuite('EarshotServer over WebSocket (tone recognizer)', {
  connect: async () => asSocketLike(await openSocket(server.realtimeUrl())),
  connectWithQuery: async (query: string) => asSocketLike(await openSocket(server.realtimeUrl(query))),
  model: recognizer.model,
  clips: TONE_CLIPS,
  timeoutMs: 5000,
  quietMs: 150,
  limits,
  maxWer: 0,
});
