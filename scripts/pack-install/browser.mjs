// The browser half of the outside-the-repo check (run.sh): Debian's Chromium, its fake microphone
// playing a WAV, opens the consumer's Vite app and its static page (both built from the installed
// tarballs), starts <earshot-transcriber> on each and prints the first final transcript; then, on
// the static page (opt-in offline service worker), goes offline, reloads and transcribes again.
//   node scripts/pack-install/browser.mjs <vite-app-url> <static-page-url> <mic.wav>
// Prints one `ok: …` line per page; exits non-zero at the first failure.
import { chromium } from '@playwright/test';

const [viteUrl, staticUrl, micWav] = process.argv.slice(2);
if (micWav === undefined) throw new Error('usage: browser.mjs <vite-app-url> <static-page-url> <mic.wav>');
const TIMEOUT_MS = 120_000;

const browser = await chromium.launch({
  executablePath: process.env.EARSHOT_CHROMIUM ?? process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micWav}`,
  ],
});

/** Starts the page's <earshot-transcriber> on the microphone; resolves to its first non-empty final. */
async function micTranscript(page) {
  await page.waitForFunction(() => customElements.get('earshot-transcriber') !== undefined);
  return page.evaluate(
    (timeoutMs) =>
      new Promise((resolve, reject) => {
        const element = document.querySelector('earshot-transcriber');
        const timer = setTimeout(
          () => reject(new Error(`no final transcript in ${timeoutMs} ms`)),
          timeoutMs,
        );
        element.addEventListener('final', (event) => {
          const text = event.detail.transcript.trim();
          if (text === '') return;
          clearTimeout(timer);
          void element.stop().then(() => resolve(text));
        });
        element.addEventListener('error', (event) => {
          clearTimeout(timer);
          reject(new Error(`${event.detail.code}: ${event.detail.message}`));
        });
        void element.start();
      }),
    TIMEOUT_MS,
  );
}

try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));

  await page.goto(viteUrl);
  console.log(`ok: the Vite app transcribes the fake microphone -> "${await micTranscript(page)}"`);

  await page.goto(staticUrl);
  // The offline cache is registered before the element starts the engine, so its Worker is controlled.
  const offline = await page.evaluate(async () => {
    const cache = await globalThis.earshotOffline;
    return cache === null ? null : { controlled: cache.controlled, failed: cache.failed.length };
  });
  if (offline === null || !offline.controlled || offline.failed > 0)
    throw new Error(`the offline service worker did not take control: ${JSON.stringify(offline)}`);
  console.log(
    `ok: the static page (no bundler) transcribes the fake microphone -> "${await micTranscript(page)}"`,
  );

  await context.setOffline(true);
  await page.reload();
  console.log(`ok: the static page reloaded offline transcribes -> "${await micTranscript(page)}"`);
} finally {
  await browser.close();
}
