// Local vs remote parity: the same WAV through the in-page engine and through `earshot serve` gives the
// same events — types, order, payloads (ids normalised) — and the same transcript.
import { expect, test } from '@playwright/test';
import { type DemoHooks, openDemo, transcribeFixture, type WireEvent } from './support/demo.ts';
import { FILE_CLIP, SERVER_REALTIME_URL } from './support/paths.ts';

/** Events whose split into frames depends on decode timing: a run of them compares as one. */
const STREAMED = new Set([
  'conversation.item.input_audio_transcription.delta',
  'earshot.transcription.partial',
]);

/** Drops event ids and expiry times, renames item and session ids by first appearance, merges streamed runs. */
function normalise(events: readonly WireEvent[]): unknown[] {
  const ids = new Map<string, string>();
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string' && /^(item|sess)_/.test(value)) {
      if (!ids.has(value)) ids.set(value, `${value.split('_')[0]}_${ids.size + 1}`);
      return ids.get(value);
    }
    if (Array.isArray(value)) return value.map(rename);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'event_id' && key !== 'expires_at')
          .map(([key, v]) => [key, rename(v)]),
      );
    }
    return value;
  };
  const out: Array<Record<string, unknown>> = [];
  for (const event of events) {
    const next = rename(event) as Record<string, unknown>;
    const last = out.at(-1);
    if (last !== undefined && STREAMED.has(next.type as string) && last.type === next.type) {
      if (next.type === 'conversation.item.input_audio_transcription.delta') {
        last.delta = `${last.delta as string}${next.delta as string}`;
      } else out[out.length - 1] = next;
    } else out.push(next);
  }
  return out;
}

test('the same WAV in the page and through the server gives the same events and transcript', async ({
  page,
}) => {
  await openDemo(page, { language: 'en' });
  const local = await transcribeFixture(page, FILE_CLIP.file);
  await page.evaluate((url) => {
    (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.transcriber.src = url;
  }, SERVER_REALTIME_URL);
  const remote = await transcribeFixture(page, FILE_CLIP.file);
  console.log(
    `local: "${local.transcript}" (${local.events.length} events); server: "${remote.transcript}" (${remote.events.length} events)`,
  );
  console.log(`event types: ${local.events.map((e) => e.type).join(', ')}`);
  expect(local.events.length).toBeGreaterThan(5);
  expect(normalise(remote.events)).toEqual(normalise(local.events));
  expect(remote.transcript).toBe(local.transcript);
});
