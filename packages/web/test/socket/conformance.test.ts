// The Realtime conformance suite over the in-page transport: LocalRealtimeSocket ⇄ MessageChannel ⇄ the
// worker's servePort, run in-process in Node (the worker's logic without the Worker), tone recognizer.

import { sequentialIds } from '@earshot/core/protocol';
import { TONE_CLIPS, ToneRecognizer } from '@earshot/testkit/tones';
import { defineConformanceSuite } from '@earshot/testkit/vitest';
import { openLocal } from '../support/local-connection.ts';

const recognizer = new ToneRecognizer({ decodeMs: 2 });
const ids = sequentialIds();
const limits = { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 };

defineConformanceSuite('LocalRealtimeSocket over a MessageChannel (tone recognizer)', {
  connect: () => openLocal({ recognizer, ids, limits }),
  connectWithQuery: (query: string) =>
    openLocal({ recognizer, ids, limits, url: `wss://earshot.local/v1/realtime?${query}` }),
  model: recognizer.model,
  clips: TONE_CLIPS,
  timeoutMs: 5000,
  quietMs: 150,
  limits,
  maxWer: 0,
});
