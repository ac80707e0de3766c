import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys, parseOrigins } from '../src/index.ts';
import { jsonOf, metricValue, openClient, openSocket, scrape } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

const KEY = 'sk-test-0123456789';

describe('ApiKeys', () => {
  it('loads keys from a file (comments and blank lines skipped) and from a list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-keys-'));
    const file = join(dir, 'keys.txt');
    writeFileSync(file, '# team keys\nsk-one\n\n  sk-two  \n');
    const keys = ApiKeys.load({ file, list: 'sk-three, sk-four sk-five' });
    expect(keys.size).toBe(5);
    for (const key of ['sk-one', 'sk-two', 'sk-three', 'sk-four', 'sk-five'])
      expect(keys.accepts(key)).toBe(true);
    expect(keys.accepts('sk-six')).toBe(false);
    expect(keys.accepts(null)).toBe(false);
    expect(keys.accepts('')).toBe(false);
    rmSync(dir, { recursive: true });
  });

  it('is open when no key is configured', () => {
    const keys = ApiKeys.load({});
    expect(keys.open).toBe(true);
    expect(keys.accepts(null)).toBe(true);
  });
});

describe('parseOrigins', () => {
  it("reads a comma-separated list, '*' or nothing meaning any origin", () => {
    expect(parseOrigins('https://a.example, http://localhost:5173')).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(parseOrigins('*')).toBe('*');
    expect(parseOrigins('')).toBe('*');
  });
});

describe('realtime auth', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ apiKeys: [KEY], allowedOrigins: ['https://app.example'] });
  });
  afterAll(() => server.close());

  it('accepts Authorization: Bearer without a subprotocol', async () => {
    const client = await openClient(server.realtimeUrl(), [], {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect((await client.next('session.created', 5000)).type).toBe('session.created');
    client.socket.close(1000);
  });

  it('accepts the browser subprotocols and answers exactly `realtime`, never the key entry', async () => {
    const ws = await openSocket(server.realtimeUrl(), ['realtime', `openai-insecure-api-key.${KEY}`]);
    expect(ws.protocol).toBe('realtime');
    ws.close(1000);
  });

  it('also accepts the browser form with organization and project entries', async () => {
    const ws = await openSocket(server.realtimeUrl(), [
      'realtime',
      `openai-insecure-api-key.${KEY}`,
      'openai-organization.org_1',
      'openai-project.proj_1',
    ]);
    expect(ws.protocol).toBe('realtime');
    ws.close(1000);
  });

  for (const [name, protocols, headers] of [
    ['a bad Bearer key', [], { authorization: 'Bearer sk-wrong' }],
    ['a bad subprotocol key', ['realtime', 'openai-insecure-api-key.sk-wrong'], {}],
    ['no key', ['realtime'], {}],
  ] as const) {
    it(`answers ${name} with error invalid_api_key, then close 3000`, async () => {
      const before = metricValue(await scrape(server.base), 'earshot_errors_total', {
        code: 'invalid_api_key',
      });
      const client = await openClient(server.realtimeUrl(), [...protocols], { headers });
      const error = await client.next('error', 5000);
      expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
      expect(client.ofType('session.created')).toHaveLength(0);
      const closed = await client.waitClosed(5000);
      expect(closed.code).toBe(3000);
      const after = metricValue(await scrape(server.base), 'earshot_errors_total', {
        code: 'invalid_api_key',
      });
      expect(after).toBe(before + 1);
      expect(server.server.realtimeSessions).toBe(0);
    });
  }

  it('refuses a browser origin that is not allowed with 403 before the upgrade', async () => {
    await expect(
      openSocket(server.realtimeUrl(), [], {
        headers: { authorization: `Bearer ${KEY}` },
        origin: 'https://evil.example',
      }),
    ).rejects.toThrow('403');
    const ws = await openSocket(server.realtimeUrl(), ['realtime', `openai-insecure-api-key.${KEY}`], {
      origin: 'https://app.example',
    });
    expect(ws.protocol).toBe('realtime');
    ws.close(1000);
  });

  it('requires the key on the REST API but not on /healthz and /metrics', async () => {
    const denied = await fetch(`${server.base}/v1/models`);
    expect(denied.status).toBe(401);
    expect((await jsonOf(denied)).error.code).toBe('invalid_api_key');
    const allowed = await fetch(`${server.base}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(allowed.status).toBe(200);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.base}/metrics`)).status).toBe(200);
  });
});

describe('an open server (no key configured)', () => {
  it('accepts clients without a key', async () => {
    const server = await startServer();
    const client = await openClient(server.realtimeUrl());
    expect((await client.next('session.created', 5000)).type).toBe('session.created');
    client.socket.close(1000);
    await server.close();
  });
});

describe('realtime URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers 404 for upgrades on other paths', async () => {
    await expect(openSocket(`${server.base.replace('http', 'ws')}/v1/other`)).rejects.toThrow('404');
  });
});
