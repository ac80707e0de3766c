// The opt-in offline service worker (`?offline=1`, registerOfflineCache from @earshot/web/offline):
// after a first load that transcribes, a reload with the network off loads the page, the engine
// Worker, ORT's .wasm and the model from caches, and transcribes again. Plus the load errors that
// name the URL that failed: ORT's .wasm unreachable (EARSHOT_ERR_RUNTIME_LOAD, not a graph error),
// and a model folder the Vite host answers with its index.html (the SPA fallback).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type DemoHooks, MAX_WER, openDemo, wordErrorRate } from './support/demo.ts';
import { FILE_CLIP, FIXTURES } from './support/paths.ts';

const clip = [...readFileSync(join(FIXTURES, FILE_CLIP.file))];

/** Transcribes the clip through the demo's file path, with its bytes sent from here (nothing fetched). */
function transcribe(
  page: Page,
): Promise<{ transcript: string; downloads: number | undefined; backend: string | undefined }> {
  return page.evaluate(async (bytes) => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const transcript = await demo.transcriber.transcribeFile(
      new Blob([Uint8Array.from(bytes)], { type: 'audio/wav' }),
    );
    const info = demo.transcriber.engineInfo;
    return { transcript, downloads: info?.cache.downloads, backend: info?.backend };
  }, clip);
}

/** Runs `LocalEngine.shared().load(options)` in the page; resolves to the error's code and message. */
function loadError(
  page: Page,
  options: Record<string, unknown>,
): Promise<{ code: string; message: string } | null> {
  return page.evaluate(async (opts) => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    try {
      await demo.engine().load(opts);
      return null;
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { code: e.code ?? '', message: e.message ?? String(error) };
    }
  }, options);
}

test('with the service worker, a reload with the network off loads and transcribes', async ({
  page,
  context,
}) => {
  await openDemo(page, { language: 'en', offline: '1' });
  const registered = await page.evaluate(async () => {
    const demo = (
      globalThis as unknown as {
        earshotDemo: DemoHooks & { offline(): { cacheName: string; cached: readonly string[] } | null };
      }
    ).earshotDemo;
    const offline = demo.offline();
    return {
      controlled: navigator.serviceWorker.controller !== null,
      cacheName: offline?.cacheName ?? null,
      cached: offline?.cached ?? [],
    };
  });
  console.log(`offline cache ${registered.cacheName}: ${registered.cached.length} files`);
  expect(registered.controlled).toBe(true);
  expect(registered.cacheName).toMatch(/^earshot-offline-v1-[0-9a-f]{12}$/);
  expect(registered.cached.some((u) => /ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(u))).toBe(true);
  expect(registered.cached.some((u) => /\/assets\/worker-[\w-]+\.js$/.test(u))).toBe(true);

  const first = await transcribe(page);
  console.log(`online (${first.backend}): ${first.transcript}`);
  expect(first.downloads).toBeGreaterThan(0);
  expect(wordErrorRate(FILE_CLIP.text, first.transcript)).toBeLessThanOrEqual(MAX_WER);

  const failures: string[] = [];
  const served: string[] = [];
  context.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
  context.on('response', (response) => {
    if (response.fromServiceWorker()) served.push(new URL(response.url()).pathname);
  });
  await context.setOffline(true);
  // The network really is off (a request past the service worker fails).
  const probe = await page.evaluate(() =>
    fetch(`https://example.invalid/?${Date.now()}`).then(
      () => 'reached',
      () => 'failed',
    ),
  );
  expect(probe).toBe('failed');

  await page.reload();
  await page.waitForFunction(() => 'earshotDemo' in globalThis);
  const second = await transcribe(page);
  console.log(`offline (${second.backend}): ${second.transcript}`);
  console.log(`offline, from the service worker: ${served.join(' ')}; failed: ${failures.join(', ')}`);
  expect(second.downloads).toBe(0);
  // The page, the engine Worker and ORT's .wasm came from the service worker's cache.
  expect(served).toContain('/');
  expect(served.some((p) => /^\/assets\/worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(served.some((p) => /^\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toBe(true);
  // A model file asked of the network offline: the service worker answers it from the model cache.
  const manifest = await page.evaluate(async () => {
    const response = await fetch('/models/earshot-tiny-en/earshot-model.json');
    return { status: response.status, name: ((await response.json()) as { name?: string }).name };
  });
  expect(manifest).toEqual({ status: 200, name: 'earshot-tiny-en' });
  expect(second.transcript).toBe(first.transcript);
  await context.setOffline(false);
});

test("ORT's .wasm unreachable is EARSHOT_ERR_RUNTIME_LOAD naming its URL, not a model graph error", async ({
  page,
  context,
}) => {
  await openDemo(page, { language: 'en' });
  await context.route(/\.wasm(\?|$)/, (route) => route.abort('internetdisconnected'));
  const error = await loadError(page, { backend: 'wasm' });
  console.log(`runtime error: ${JSON.stringify(error)}`);
  expect(error?.code).toBe('EARSHOT_ERR_RUNTIME_LOAD');
  expect(error?.message).toMatch(/http:\/\/localhost:\d+\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm/);
  expect(error?.message).not.toContain('EARSHOT_ERR_MODEL_GRAPH');
});

test("a missing model on the Vite host (its SPA fallback's index.html) is named as such, with the URL", async ({
  page,
}) => {
  await openDemo(page, { language: 'en' });
  const error = await loadError(page, { modelUrl: '/no-such-model/' });
  console.log(`missing model: ${JSON.stringify(error)}`);
  expect(error?.code).toBe('EARSHOT_ERR_MODEL_FILE_MISSING');
  expect(error?.message).toContain('an HTML page (a SPA fallback?) instead of earshot-model.json at');
  expect(error?.message).toMatch(/http:\/\/localhost:\d+\/no-such-model\/earshot-model\.json/);
  expect(error?.message).not.toMatch(/valid JSON/);
});
