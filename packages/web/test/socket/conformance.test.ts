// The Realtime conformance suite over the in-page transport: LocalRealtimeSocket ⇄ MessageChannel ⇄ the
// worker's servePort, run in-process in Node (the worker's logic without the Worker), tone recognizer.

import { sequentialIds } from '@earshot/core/protocol';
import { TONE_LIMITS, ToneRecognizer, toneTarget } from '@earshot/testkit/tones';
import { defineConformanceSuite } from '@earshot/testkit/vitest';
import { openLocal } from '../support/local-connection.ts';

const recognizer = new ToneRecognizer({ decodeMs: 2 });
const ids = sequentialIds();
const limits = TONE_LIMITS;

defineConformanceSuite(
  'LocalRealtimeSocket over a MessageChannel (tone recognizer)',
  toneTarget(recognizer, {
    connect: () => openLocal({ recognizer, ids, limits }),
    connectWithQuery: (query: string) =>
      openLocal({ recognizer, ids, limits, url: `wss://earshot.local/v1/realtime?${query}` }),
  }),
);
