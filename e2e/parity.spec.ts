// Local vs remote parity: the same WAV through the in-page engine and through `earshot serve` gives the
// same events — types, order, payloads (ids normalised) — and the same transcript.
import { expect, test } from '@playwright/test';
import { type DemoHooks, openDemo, transcribeFixture, type WireEvent } from './support/demo.ts';
import { FILE_CLIP, SERVER_REALTIME_URL } from './support/paths.ts';

/** Events whose split into frames, and place before or after the commit, depend on decode timing. */
const STREAMED = new Set([
  'conversation.item.input_audio_transcription.delta',
  'earshot.transcription.partial',
]);

/**
 * Drops event ids and expiry times and renames item and session ids by first appearance; the
 * streamed events leave the sequence and are compared per item: all deltas joined, and whether
 * partials came. Which partial decodes run before the commit depends on when the appends reach
 * the engine (a file is sent at once: the server reads its frames in one go, the page's Worker
 * one message at a time), so the partials' texts are checked against the transcript instead.
 */
function normalise(events: readonly WireEvent[]): { lifecycle: unknown[]; streamed: unknown } {
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
  const lifecycle: unknown[] = [];
  const streamed: Record<string, { deltas: string; partials: boolean }> = {};
  for (const event of events) {
    const next = rename(event) as Record<string, unknown>;
    if (!STREAMED.has(next.type as string)) {
      lifecycle.push(next);
      continue;
    }
    const id = next.item_id as string;
    streamed[id] ??= { deltas: '', partials: false };
    const item = streamed[id];
    if (next.type === 'earshot.transcription.partial') item.partials = true;
    else item.deltas += next.delta as string;
  }
  return { lifecycle, streamed };
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
  // In both hosts every partial's stable text is text the transcript keeps.
  for (const run of [local, remote]) {
    const stable = run.events.flatMap((e) => (e.type === 'earshot.transcription.partial' ? [e.stable] : []));
    expect(stable.length).toBeGreaterThan(0);
    for (const text of stable) expect(run.transcript.startsWith(text)).toBe(true);
  }
});
