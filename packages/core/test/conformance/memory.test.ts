import { TONE_CLIPS, ToneRecognizer } from '@earshot/testkit/tones';
import { defineConformanceSuite } from '@earshot/testkit/vitest';
import { sequentialIds } from '../../src/protocol/index.ts';
import { connectInMemory } from '../support/memory-socket.ts';

const recognizer = new ToneRecognizer({ decodeMs: 2 });
// One id source for all sessions, as a host has: item ids must never collide across sessions.
const ids = sequentialIds();

defineConformanceSuite('RealtimeSession in memory (tone recognizer)', {
  connect: async () =>
    connectInMemory({
      recognizer,
      ids,
      limits: { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 },
    }).socket,
  model: recognizer.model,
  clips: TONE_CLIPS,
  timeoutMs: 5000,
  quietMs: 150,
  limits: { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 },
  maxWer: 0,
});
