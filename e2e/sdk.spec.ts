// The unmodified `openai` SDK (`OpenAIRealtimeWebSocket`, dangerouslyAllowBrowser) runs in the page
// through `installLocalRealtime()` (packages/web/demo/sdk.ts).
import { expect, test } from '@playwright/test';
import { MAX_WER, wordErrorRate } from './support/demo.ts';
import { FILE_CLIP } from './support/paths.ts';

interface SdkResult {
  protocol: string;
  types: string[];
  transcript: string | null;
  error: string | null;
}

test('the openai SDK transcribes in-page through installLocalRealtime()', async ({ page }) => {
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  await page.goto(`/sdk.html?clip=${FILE_CLIP.file}`);
  await page.waitForFunction(() => 'sdkResult' in globalThis, null, { timeout: 120_000 });
  const result = await page.evaluate(() => (globalThis as unknown as { sdkResult: SdkResult }).sdkResult);
  console.log(
    `SDK: protocol ${result.protocol}; transcript "${result.transcript}"; events ${result.types.join(', ')}`,
  );
  expect(result.error).toBeNull();
  expect(result.protocol).toBe('realtime');
  // Partial deltas may come before the commit (Earshot streams while audio arrives; protocol.md):
  // the item's lifecycle is checked without them.
  const lifecycle = result.types.filter((t) => t !== 'conversation.item.input_audio_transcription.delta');
  expect(lifecycle.slice(0, 5)).toEqual([
    'session.created',
    'session.updated',
    'input_audio_buffer.committed',
    'conversation.item.added',
    'conversation.item.done',
  ]);
  expect(result.types.at(-1)).toBe('conversation.item.input_audio_transcription.completed');
  expect(wordErrorRate(FILE_CLIP.text, result.transcript ?? '')).toBeLessThanOrEqual(MAX_WER);
});
