// Faults in the page, in Chromium: the engine Worker terminated under live sessions (every open
// socket gets EARSHOT_ERR_WORKER_LOST, then close 1011; the element releases the microphone; the
// next load starts a new Worker), and the element removed from the document while listening.
import { expect, type Page, test } from '@playwright/test';
import type { DemoHooks } from './support/demo.ts';
import { openDemo } from './support/demo.ts';
import { FILE_CLIP } from './support/paths.ts';

/** Records every microphone stream the page opens, so a test can tell whether its tracks ended. */
async function recordMicStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    Object.assign(globalThis, { micStreams: streams });
    const media = navigator.mediaDevices;
    const open = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      streams.push(stream);
      return stream;
    };
  });
}

/** Engine hooks the demo exposes, as these tests use them. */
interface EngineHandle {
  openSocket(): WebSocket;
  terminate(): void;
}

test('a terminated engine Worker ends open sockets (error, then 1011), releases the microphone, and the next load starts a new Worker', async ({
  page,
}) => {
  await recordMicStreams(page);
  await openDemo(page, { language: 'en' });
  const result = await page.evaluate(async (clip) => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const streams = (globalThis as unknown as { micStreams: MediaStream[] }).micStreams;
    const element = demo.transcriber;
    const waitState = (state: string) =>
      new Promise<void>((resolve) => {
        if (element.state === state) return resolve();
        const check = () => {
          if (element.state !== state) return;
          element.removeEventListener('statechange', check);
          resolve();
        };
        element.addEventListener('statechange', check);
      });
    const errors: string[] = [];
    element.addEventListener('error', (event: Event) =>
      errors.push((event as CustomEvent<{ code: string }>).detail.code),
    );
    await element.prepare();
    const first = demo.engine() as unknown as EngineHandle;
    const socket = first.openSocket();
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const frames: Array<{ type: string; error?: { code: string } }> = [];
    socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
    const closed = new Promise<CloseEvent>((resolve) =>
      socket.addEventListener('close', resolve, { once: true }),
    );
    await element.start();
    const listening = element.state;
    const liveBefore = streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
    first.terminate();
    const close = await closed;
    await waitState('idle');
    const liveAfter = streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
    const second = demo.engine() as unknown as EngineHandle;
    const blob = await (await fetch(`/fixtures/audio/${clip}`)).blob();
    const transcript = await element.transcribeFile(blob);
    return {
      listening,
      liveBefore,
      liveAfter,
      close: { code: close.code, reason: close.reason },
      lastFrame: frames.at(-1),
      errors,
      newWorker: second !== first,
      transcript,
    };
  }, FILE_CLIP.file);
  console.log(`after terminate(): ${JSON.stringify(result)}`);
  expect(result.listening).toBe('listening');
  expect(result.liveBefore).toBeGreaterThan(0);
  expect(result.liveAfter).toBe(0);
  expect(result.close).toEqual({ code: 1011, reason: 'server_error.EARSHOT_ERR_WORKER_LOST' });
  expect(result.lastFrame).toMatchObject({ type: 'error', error: { code: 'EARSHOT_ERR_WORKER_LOST' } });
  expect(result.errors).toContain('EARSHOT_ERR_WORKER_LOST');
  expect(result.newWorker).toBe(true);
  expect(result.transcript).not.toBe('');
});

test('removing the element while it listens stops the microphone', async ({ page }) => {
  await recordMicStreams(page);
  await openDemo(page, { language: 'en' });
  const result = await page.evaluate(async () => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const streams = (globalThis as unknown as { micStreams: MediaStream[] }).micStreams;
    const element = demo.transcriber;
    await element.start();
    const listening = element.state;
    const idle = new Promise<void>((resolve) =>
      element.addEventListener('statechange', () => element.state === 'idle' && resolve()),
    );
    element.remove();
    await idle;
    const live = streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
    return { listening, opened: streams.length, live };
  });
  expect(result).toEqual({ listening: 'listening', opened: 1, live: 0 });
});
