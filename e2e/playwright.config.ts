/**
 * Playwright e2e for packages/web, on Debian's Chromium (`/usr/bin/chromium`, installed by
 * scripts/ensure-chromium.sh; never `npx playwright install`). The demo is built and served by
 * `vite preview` (production build, COOP/COEP); the server for the parity test is started too.
 * Projects: `wasm` (no GPU: WASM backend, fake microphone) and `webgpu` (`--enable-unsafe-webgpu`:
 * SwiftShader's software adapter, a short correctness check only).
 */
import { register } from 'node:module';
import { defineConfig } from '@playwright/test';
import { DEMO_PORT, fakeMicWav, MODEL_DIR, SERVER_PORT } from './support/paths.ts';

// The specs import workspace packages (testkit → @earshot/core): resolve them to their sources, as
// tsc, vitest and vite do, so that e2e needs no `npm run build`. The config loads in the runner and
// in every worker, so each process gets the hook before any spec.
register('../scripts/earshot-source-hook.mjs', import.meta.url);

const common = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${fakeMicWav()}`,
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '.cache/test-results',
  webServer: [
    {
      command: `npx vite build --logLevel warn && npx vite preview --port ${DEMO_PORT} --strictPort`,
      cwd: '..',
      url: `http://localhost:${DEMO_PORT}/`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node packages/server/bin/earshot.mjs serve --host 127.0.0.1 --port ${SERVER_PORT} --model ${MODEL_DIR} --log-level warn`,
      cwd: '..',
      url: `http://127.0.0.1:${SERVER_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: {
    baseURL: `http://localhost:${DEMO_PORT}`,
    launchOptions: { executablePath: process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium', args: common },
  },
  projects: [
    { name: 'wasm', testIgnore: /webgpu\.spec\.ts/ },
    {
      name: 'webgpu',
      testMatch: /webgpu\.spec\.ts/,
      use: {
        launchOptions: {
          executablePath: process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium',
          args: [...common, '--enable-unsafe-webgpu'],
        },
      },
    },
  ],
});
