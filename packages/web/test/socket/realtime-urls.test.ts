// The in-page socket's Realtime URL handling: the same cases as the server
// (packages/server/test/realtime-urls.test.ts), so the two hosts cannot differ.

import { caseName, URL_CASES } from '@earshot/testkit/conformance';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { connectLocal, nextEvent } from '../support/local-connection.ts';

describe('LocalRealtimeSocket URLs', () => {
  for (const c of URL_CASES) {
    it(caseName(c), async () => {
      const url = `wss://earshot.local/v1/realtime${c.query === '' ? '' : `?${c.query}`}`;
      const { socket } = connectLocal({ recognizer: new ToneRecognizer(), url, strictUrls: c.strict });
      const first = await nextEvent<MessageEvent<string>>(socket, 'message');
      const event = JSON.parse(first.data) as { type: string; session?: { type: string }; error?: unknown };
      if ('session' in c.expect) {
        expect(event.type).toBe('session.created');
        expect(event.session?.type).toBe(c.expect.session);
        socket.close();
      } else {
        expect(event.type).toBe('error');
        expect(event.error).toMatchObject({ code: c.expect.error, param: c.expect.param });
        expect((await nextEvent<CloseEvent>(socket, 'close')).code).toBe(c.expect.close);
      }
    });
  }
});
