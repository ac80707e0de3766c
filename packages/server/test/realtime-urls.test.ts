// The server's Realtime URL handling: the cases the in-page socket passes too
// (packages/web/test/socket/realtime-urls.test.ts), with and without --strict-urls.

import { caseName, URL_CASES } from '@earshot/testkit/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

let loose: TestServer;
let strict: TestServer;
beforeAll(async () => {
  loose = await startServer();
  strict = await startServer({ strictUrls: true });
});
afterAll(async () => {
  await loose.close();
  await strict.close();
});

describe('/v1/realtime URLs', () => {
  for (const c of URL_CASES) {
    it(caseName(c), async () => {
      const server = c.strict ? strict : loose;
      const client = await openClient(server.realtimeUrl(c.query));
      if ('session' in c.expect) {
        const created = await client.next('session.created', 5000);
        expect((created.session as { type: string }).type).toBe(c.expect.session);
        client.socket.close(1000);
      } else {
        const error = await client.next('error', 5000);
        expect(error.error).toMatchObject({ code: c.expect.error, param: c.expect.param });
        expect((await client.waitClosed(5000)).code).toBe(c.expect.close);
      }
    });
  }
});
