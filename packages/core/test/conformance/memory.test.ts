import { sequentialIds } from '../../src/protocol/index.ts';
import { connectInMemory } from '../support/memory-socket.ts';
import { speakTones, ToneRecognizer } from '../support/tone-recognizer.ts';
import { type Clip, defineConformanceSuite } from './suite.ts';

function toneClip(text: string): Clip {
  return { text, audio: (rate) => speakTones(text.split(' '), rate) };
}

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
  clips: {
    a: toneClip('alpha bravo charlie delta'),
    b: toneClip('echo foxtrot golf hotel'),
    long: toneClip(
      'alpha bravo charlie delta echo foxtrot golf hotel alpha bravo charlie delta echo foxtrot golf hotel alpha bravo',
    ),
  },
  timeoutMs: 5000,
  quietMs: 150,
  limits: { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 },
  maxWer: 0,
});
