// A Qwen3-ASR replica in the page (WASM): the public layout-v2 file set with the real dimensions and
// vocabulary (random weights, no manifest) is downloaded from a local server with byte progress,
// stored in the Cache API, reloaded with zero model requests, and decodes a window through the
// Realtime protocol. CI runs the reduced replica (2 + 2 layers, 0.41 GB);
// `EARSHOT_E2E_REPLICA=qwen3-asr-0.6b` (npm run test:replica) runs the full-size one (1.3 GB).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type DemoHooks, openDemo, type WireEvent } from './support/demo.ts';
import { REPO } from './support/paths.ts';

const NAME = process.env.EARSHOT_E2E_REPLICA ?? 'qwen3-asr-0.6b-reduced';

test.setTimeout(1_800_000);

interface PageRun {
  loadMs: number;
  progress: { loaded: number; total: number | null; phase: string }[];
  model: {
    cache: { hits: number; downloads: number; bytesDownloaded: number };
    variant: string;
    backend: string;
  };
  events: WireEvent[];
  decodeMs: number;
}

/** Loads the replica in the page's engine and decodes one 2 s window over a LocalRealtimeSocket. */
function loadAndDecode(page: Page): Promise<PageRun> {
  return page.evaluate(async (name) => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const engine = demo.engine() as ReturnType<DemoHooks['engine']> & {
      load(options: Record<string, unknown>): Promise<PageRun['model']>;
    };
    const progress: PageRun['progress'] = [];
    const started = performance.now();
    const model = await engine.load({
      modelUrl: `${location.origin}/replicas/${name}/`,
      backend: 'wasm',
      maxNewTokens: 4,
      onProgress: (p: { loaded: number; total: number | null; phase: string }) =>
        progress.push({ loaded: p.loaded, total: p.total, phase: p.phase }),
    });
    const loadMs = performance.now() - started;
    const client = demo.client();
    await client.until(() => client.open, 10_000);
    client.update({ format: { type: 'audio/pcm', rate: 16000 }, turnDetection: null });
    const pcm = new Int16Array(32_000);
    for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin(i / 7) * 3000 * Math.sin(i / 4000));
    const decodeStart = performance.now();
    client.append(new Uint8Array(pcm.buffer));
    client.commit();
    await client.waitFor('conversation.item.input_audio_transcription.completed', { timeoutMs: 600_000 });
    const decodeMs = performance.now() - decodeStart;
    const events = client.events;
    client.close();
    return { loadMs, progress, model, events, decodeMs };
  }, NAME);
}

test(`the ${NAME} replica downloads with progress, caches, reloads with zero requests and decodes (WASM)`, async ({
  page,
  context,
}) => {
  execFileSync(
    'bash',
    [join(REPO, 'scripts/replica.sh'), '0.6b', ...(NAME.endsWith('-reduced') ? ['--reduced'] : [])],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await openDemo(page, { language: 'en', backend: 'wasm' });
  const first = await loadAndDecode(page);
  const downloads = first.progress.filter((p) => p.phase === 'download');
  const last = downloads.at(-1);
  console.log(
    `first load: ${Math.round(first.loadMs)} ms, ${(first.model.cache.bytesDownloaded / 1e6).toFixed(0)} MB downloaded, progress events ${downloads.length}, decode of a 2 s window ${Math.round(first.decodeMs)} ms`,
  );
  expect(first.model.cache.downloads).toBeGreaterThan(5);
  expect(first.model.cache.bytesDownloaded).toBeGreaterThan(300e6);
  expect(last?.total).not.toBeNull();
  expect(last?.loaded).toBe(last?.total);
  expect(downloads.every((p, i) => i === 0 || p.loaded >= (downloads[i - 1]?.loaded ?? 0))).toBe(true);
  const types = first.events.map((e) => e.type);
  expect(types).toContain('input_audio_buffer.committed');
  expect(types.at(-1)).toBe('conversation.item.input_audio_transcription.completed');

  const modelRequests: string[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/replicas/')) modelRequests.push(request.url());
  });
  await context.route('**/replicas/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.waitForFunction(() => 'earshotDemo' in globalThis);
  const second = await loadAndDecode(page);
  console.log(`cached load: ${Math.round(second.loadMs)} ms, decode ${Math.round(second.decodeMs)} ms`);
  expect(modelRequests).toEqual([]);
  expect(second.model.cache.downloads).toBe(0);
  expect(second.model.cache.hits).toBeGreaterThan(5);
  expect(second.events.map((e) => e.type).at(-1)).toBe(
    'conversation.item.input_audio_transcription.completed',
  );
});
