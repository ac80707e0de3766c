// The whole conformance suite in real Chromium, through LocalRealtimeSocket and the engine Worker
// (WASM, the embedded model): the checks every server passes and Earshot's own.
import { expect, test } from '@playwright/test';
import { type DemoHooks, openDemo } from './support/demo.ts';

test.setTimeout(900_000);

test('the conformance suite passes in the page (LocalRealtimeSocket)', async ({ page }) => {
  await openDemo(page, { backend: 'wasm' });
  const results = await page.evaluate(() =>
    (
      globalThis as unknown as {
        earshotDemo: DemoHooks & {
          conformance(): Promise<Array<{ group: string; title: string; status: string; message: string }>>;
        };
      }
    ).earshotDemo.conformance(),
  );
  for (const r of results)
    console.log(`${r.status.toUpperCase()} ${r.group} › ${r.title}${r.message ? ` — ${r.message}` : ''}`);
  expect(results.length).toBeGreaterThan(40);
  expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  // Skipped only where the page cannot run a check (the 900 s buffer cap is too large to fill).
  expect(results.filter((r) => r.status === 'skip').map((r) => r.title)).toEqual([
    'keeps the buffer up to its cap and reports the overflow',
  ]);
});
