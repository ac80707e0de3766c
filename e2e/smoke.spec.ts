// The demo page without a model: isolation, capability detection and the WASM fallback, the mic path,
// and typed errors.
import { expect, test } from '@playwright/test';
import { type DemoHooks, openDemo } from './support/demo.ts';

test('the demo is cross-origin isolated and, with no WebGPU adapter, the engine picks WASM and says why', async ({
  page,
}) => {
  await openDemo(page);
  const caps = await page.evaluate(() =>
    (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.engine().capabilities(),
  );
  console.log(`capabilities: ${JSON.stringify(caps)}`);
  expect(caps.crossOriginIsolated).toBe(true);
  expect(caps.webgpu).toBeNull();
  expect(caps.recommended.backend).toBe('wasm');
  expect(caps.recommended.reason).toMatch(/no WebGPU adapter/);
});

test('a missing model folder surfaces as a typed error event', async ({ page }) => {
  await openDemo(page, { model: '/models/absent/' });
  const error = await page.evaluate(async () => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const seen = new Promise<{ code: string }>((resolve) =>
      demo.transcriber.addEventListener(
        'error',
        (event) => resolve((event as unknown as CustomEvent<{ code: string }>).detail),
        { once: true },
      ),
    );
    await demo.transcriber.start();
    return seen;
  });
  expect(error.code).toBe('EARSHOT_ERR_MODEL_FILE_MISSING');
});
