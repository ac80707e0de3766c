/**
 * The Qwen3-ASR-0.6B replica in Chromium on onnxruntime-web WASM: 1 thread, and 2 threads (the
 * demo is served with COOP/COEP, so the page is cross-origin isolated). Prints load time (from
 * the Cache API after a first download), encoder ms per 2 s and 8 s window, prefill, ms/token and
 * the streaming policy's real-time factor, measured in the page's engine Worker by
 * `LocalEngine.profile()` — the same code as bench/replica-scale.ts on Node.
 * Needs Debian's chromium (scripts/ensure-chromium.sh) and a built demo (`npx vite build`).
 * Run: node --conditions=earshot-source --import tsx bench/replica-page.ts [--replica qwen3-asr-0.6b] [--threads 1,2]
 */
import { execFileSync, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import type { ProfileResult } from '../packages/core/src/engine/index.ts';
import { machine } from './support.ts';

const { values: args } = parseArgs({
  options: {
    replica: { type: 'string', default: 'qwen3-asr-0.6b' },
    threads: { type: 'string', default: '1,2' },
    port: { type: 'string', default: '4179' },
  },
});
const root = new URL('..', import.meta.url).pathname;
execFileSync(
  'bash',
  ['scripts/replica.sh', '0.6b', ...(args.replica.endsWith('-reduced') ? ['--reduced'] : [])],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const preview = spawn('npx', ['vite', 'preview', '--port', args.port, '--strictPort'], {
  cwd: root,
  stdio: 'ignore',
});
const base = `http://localhost:${args.port}`;
for (let i = 0; i < 120; i++) {
  if (
    await fetch(base).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 500));
}
const browser = await chromium.launch({
  executablePath: process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  console.log(machine());
  console.log(`Chromium ${browser.version()}, replica ${args.replica}, WASM`);
  const context = await browser.newContext();
  for (const threads of args.threads.split(',').map(Number)) {
    const page = await context.newPage();
    await page.goto(`${base}/?backend=wasm`);
    await page.waitForFunction(() => 'earshotDemo' in globalThis);
    const result = await page.evaluate(
      async ({ name, threads }) => {
        type Engine = {
          load(
            o: Record<string, unknown>,
          ): Promise<{ loadMs: number; threads: number; cache: { downloads: number } }>;
          profile(o: Record<string, unknown>): Promise<ProfileResult>;
          unload(): Promise<void>;
        };
        const engine = (globalThis as unknown as { earshotDemo: { engine(): Engine } }).earshotDemo.engine();
        const request = {
          modelUrl: `${location.origin}/replicas/${name}/`,
          backend: 'wasm',
          threads,
          maxNewTokens: 4,
        };
        let model = await engine.load(request);
        if (model.cache.downloads > 0) {
          await engine.unload(); // measure the load from the Cache API, as every visit after the first
          model = await engine.load(request);
        }
        const profile = await engine.profile({ windows: [2, 8], tokens: 8, rounds: 2, streamSeconds: 8 });
        await engine.unload();
        return { model, profile };
      },
      { name: args.replica, threads },
    );
    const { profile: p, model } = result;
    const f = (ms: number | undefined) => `${(ms ?? 0).toFixed(0)} ms`;
    console.log(
      [
        `threads ${model.threads}: load from cache ${f(model.loadMs)}`,
        `  encoder: 2 s window ${f(p.encoderMs['2s'])}, 8 s window ${f(p.encoderMs['8s'])}`,
        `  decoder prefill: 2 s ${f(p.prefillMs['2s'])}, 8 s ${f(p.prefillMs['8s'])}; ${p.msPerToken.toFixed(0)} ms/token`,
        p.stream === null
          ? ''
          : `  streaming (2 s chunks, 12 new tokens per decode, 8 s of speech): mean ${f(p.stream.meanChunkMs)} per chunk, real-time factor ${p.stream.rtf.toFixed(2)}`,
      ].join('\n'),
    );
    await page.close();
  }
} finally {
  await browser.close();
  preview.kill();
}
