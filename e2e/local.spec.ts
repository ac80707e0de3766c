// The demo transcribes locally, in the engine Worker on WASM: the fake microphone (a WAV Chromium plays
// into getUserMedia) and a file through the demo's file input. Screenshot and main-thread long tasks too.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MAX_WER, openDemo, type WireEvent, wordErrorRate } from './support/demo.ts';
import { micRun } from './support/mic-run.ts';
import { FILE_CLIP, FIXTURES, MIC_CLIP, REPO } from './support/paths.ts';

test('the demo transcribes the fake microphone in the page (Worker, WASM), tentative text first', async ({
  page,
}) => {
  await page.setViewportSize({ width: 900, height: 760 });
  await openDemo(page, { language: 'en' });
  const shot = join(REPO, 'e2e/.cache/demo-mid-transcription.png');
  const run = await micRun(page, async () => {
    mkdirSync(join(REPO, 'e2e/.cache'), { recursive: true });
    await page.screenshot({ path: shot });
  });
  if (process.env.EARSHOT_UPDATE_SCREENSHOT === '1')
    copyFileSync(shot, join(REPO, 'packages/web/docs/demo-mid-transcription.png'));
  console.log(
    `backend: ${run.model?.backend} (${run.model?.backendReason}), ${run.model?.threads} threads; transcript: "${run.transcript}"; first partial "${run.firstPartial}" after ${Math.round(run.stats.firstPartialMs ?? -1)} ms from speech start`,
  );
  expect(run.model?.backend).toBe('wasm');
  expect(run.firstPartial).not.toBe(''); // text while speaking, before the final
  expect(wordErrorRate(MIC_CLIP.text, run.transcript)).toBeLessThanOrEqual(MAX_WER);
  const types = run.events.map((e) => e.type);
  expect(types.slice(0, 2)).toEqual(['session.created', 'session.updated']);
  const order: WireEvent['type'][] = [
    'input_audio_buffer.speech_started',
    'input_audio_buffer.speech_stopped',
    'input_audio_buffer.committed',
    'conversation.item.input_audio_transcription.completed',
  ];
  const at = order.map((type) => types.indexOf(type));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
});

test('the main thread has no long task over 50 ms caused by Earshot while the microphone is transcribed', async ({
  page,
}) => {
  await openDemo(page, { language: 'en' });
  const run = await micRun(page);
  console.log(`long tasks / long animation frames while listening: ${JSON.stringify(run.longTasks)}`);
  expect(run.transcript).not.toBe('');
  // Earshot's share of any long frame: the scripts of the page's own origin (element, mic, socket).
  expect(run.longTasks.filter((t) => t.earshotMs > 50)).toEqual([]);
});

test('a WAV through the demo file input is transcribed through the same protocol, with an RTF readout', async ({
  page,
}) => {
  await openDemo(page, { language: 'en' });
  await page.locator('#file').setInputFiles(join(FIXTURES, FILE_CLIP.file));
  await expect(page.locator('#rtf')).not.toHaveText('–');
  const transcript = await page.evaluate(
    () =>
      (globalThis as unknown as { earshotDemo: { transcriber: { transcript: string } } }).earshotDemo
        .transcriber.transcript,
  );
  console.log(
    `file transcript: "${transcript}"; readout: ${await page.locator('#readout').textContent()}`.replace(
      /\n/g,
      ' | ',
    ),
  );
  expect(wordErrorRate(FILE_CLIP.text, transcript)).toBeLessThanOrEqual(MAX_WER);
});

test('the element works inside another shadow root: composed events reach the document, parts and ARIA are in place', async ({
  page,
}) => {
  await openDemo(page);
  const result = await page.evaluate(async (file) => {
    interface Transcriber extends HTMLElement {
      transcribeFile(blob: Blob): Promise<string>;
    }
    const host = document.createElement('div');
    document.body.append(host);
    const element = document.createElement('earshot-transcriber') as Transcriber;
    element.setAttribute('language', 'en');
    host.attachShadow({ mode: 'open' }).append(element);
    const finals: string[] = [];
    document.addEventListener('final', (event) =>
      finals.push((event as CustomEvent<{ transcript: string }>).detail.transcript),
    );
    const transcript = await element.transcribeFile(await (await fetch(`/fixtures/audio/${file}`)).blob());
    const shadow = element.shadowRoot as ShadowRoot;
    return {
      transcript,
      finals,
      parts: [...shadow.querySelectorAll('[part]')].map((node) => node.getAttribute('part')),
      live: shadow.querySelector('[part~=transcript]')?.getAttribute('aria-live'),
      role: shadow.querySelector('[part~=transcript]')?.getAttribute('role'),
    };
  }, FILE_CLIP.file);
  expect(result.transcript).not.toBe('');
  expect(result.finals).toEqual([result.transcript]);
  expect(result.parts).toEqual(
    expect.arrayContaining([
      'toolbar',
      'button',
      'status',
      'progress',
      'transcript',
      'item final',
      'stable',
      'tentative',
    ]),
  );
  expect([result.role, result.live]).toEqual(['log', 'polite']);
});
