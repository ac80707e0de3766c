// After the model is cached (Cache API), a reload loads and transcribes with every model request blocked:
// zero network requests for the model.
import { expect, test } from '@playwright/test';
import { openDemo, transcribeFixture } from './support/demo.ts';
import { FILE_CLIP } from './support/paths.ts';

test('a reload transcribes from the cache with the model URLs blocked (zero model requests)', async ({
  page,
  context,
}) => {
  await openDemo(page, { language: 'en' });
  const first = await transcribeFixture(page, FILE_CLIP.file);
  expect(first.model?.cache.downloads).toBeGreaterThan(0);

  const modelRequests: string[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/models/')) modelRequests.push(request.url());
  });
  await context.route('**/models/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.waitForFunction(() => 'earshotDemo' in globalThis);
  const second = await transcribeFixture(page, FILE_CLIP.file);
  console.log(`cached load: ${JSON.stringify(second.model)}`);
  expect(modelRequests).toEqual([]);
  expect(second.model?.cache.downloads).toBe(0);
  expect(second.model?.cache.hits).toBeGreaterThan(0);
  expect(second.transcript).toBe(first.transcript);
});
