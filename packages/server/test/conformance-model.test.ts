/**
 * The conformance suite over real `ws` sockets against the server running the embedded
 * model, on espeak clips (resampled to every client rate). Skipped while the model is missing.
 */

import { resampleClip } from '@earshot/core/audio';
import type { Recognizer } from '@earshot/core/engine';
import { type Clip, defineConformanceSuite } from '@earshot/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { asSocketLike, openSocket } from './support/clients.ts';
import { CLIPS, concat, embeddedRecognizer, fixture16k, withModel } from './support/model.ts';
import { startServer, type TestServer } from './support/server.ts';

/** An espeak clip: its text and its audio at any rate. */
function speech(text: string, samples16k: Float32Array): Clip {
  return { text, audio: (rate) => resampleClip(samples16k, 16000, rate) };
}

const limits = { maxEventBytes: 256 * 1024, maxBufferSeconds: 4 };

withModel(
  'conformance over WebSocket with the embedded model',
  'runs the conformance suite on espeak clips',
  () => {
    let server: TestServer;
    let recognizer: Recognizer;
    beforeAll(async () => {
      recognizer = await embeddedRecognizer();
      server = await startServer({ recognizer, limits });
    });
    afterAll(() => server.close());

    const parts = (['call', 'bedroom', 'time', 'door'] as const).map(fixture16k);
    defineConformanceSuite('EarshotServer over WebSocket (embedded model, espeak clips)', {
      connect: async () => asSocketLike(await openSocket(server.realtimeUrl())),
      connectWithQuery: async (query: string) => asSocketLike(await openSocket(server.realtimeUrl(query))),
      get model() {
        return recognizer.model;
      },
      clips: {
        a: speech(CLIPS['kitchen-lights'], fixture16k('kitchen-lights')),
        b: speech(CLIPS.timer, fixture16k('timer')),
        long: speech([CLIPS.call, CLIPS.bedroom, CLIPS.time, CLIPS.door].join(' '), concat(parts, 0.3)),
      },
      timeoutMs: 30_000,
      quietMs: 200,
      limits,
      maxWer: 0.15,
    });
  },
);
