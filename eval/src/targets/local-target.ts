/**
 * The in-page target: the page's engine (`LocalRealtimeSocket` → engine Worker) in headless
 * Chromium, driven with Playwright. A Vite dev server (the repository's vite.config.ts, which
 * serves /models/ with COOP/COEP) serves eval/page; each clip runs the same protocol driver as the
 * WebSocket target, inside the page, so timings are taken on the page's side of the socket.
 */
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import type { EvalPageApi, PageLoadOptions } from '../../page/harness.ts';
import { type ClipRecord, failedRecord, type StreamOptions } from './clip-record.ts';
import type { Target, TargetInfo } from './target.ts';

/** Chromium used by default (the system's; Playwright's own browsers are not installed). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Options of `LocalTarget.start`. */
export interface LocalTargetOptions {
  readonly repoRoot: string;
  /** Page under eval/ to open (default `page/index.html`; tests use `test/page/tones.html`). */
  readonly page?: string;
  /** Model folder URL the page loads (default the web package's `/models/earshot-tiny-en/`). */
  readonly modelUrl?: string;
  readonly backend?: 'auto' | 'webgpu' | 'wasm';
  /** Chromium executable (default `CHROMIUM_PATH`, or `$CHROMIUM_PATH`). */
  readonly executablePath?: string;
  /** Most time for the page and model to load, in ms (default 300000). */
  readonly loadTimeoutMs?: number;
}

type EvalWindow = typeof globalThis & { earshotEval?: EvalPageApi };

/** Streams clips to the in-page engine in headless Chromium. */
export class LocalTarget implements Target {
  private constructor(
    private readonly vite: ViteDevServer,
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly details: Record<string, string>,
  ) {}

  /** Starts the dev server on a loopback port, opens the page in headless Chromium and loads the model. */
  static async start(options: LocalTargetOptions): Promise<LocalTarget> {
    const vite = await createServer({
      configFile: join(options.repoRoot, 'vite.config.ts'),
      root: join(options.repoRoot, 'eval'),
      logLevel: 'error',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
      optimizeDeps: { entries: ['page/index.html', 'test/page/tones.html'] },
    });
    let browser: Browser | null = null;
    try {
      await vite.listen();
      const base = vite.resolvedUrls?.local[0];
      if (base === undefined) throw new Error('the Vite dev server has no local URL');
      browser = await chromium.launch({
        executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? CHROMIUM_PATH,
        headless: true,
        args: ['--enable-unsafe-webgpu'],
      });
      const page = await browser.newPage();
      const timeout = options.loadTimeoutMs ?? 300_000;
      page.setDefaultTimeout(timeout);
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(new URL(options.page ?? 'page/index.html', base).href);
      await page.waitForFunction(() => (globalThis as EvalWindow).earshotEval !== undefined, null, {
        timeout,
      });
      const load: PageLoadOptions = {
        ...(options.modelUrl === undefined ? {} : { modelUrl: options.modelUrl }),
        ...(options.backend === undefined ? {} : { backend: options.backend }),
      };
      const details = await page.evaluate(async (request) => {
        const api = (globalThis as EvalWindow).earshotEval;
        if (api === undefined) throw new Error('earshotEval is missing');
        return api.load(request);
      }, load);
      if (pageErrors.length > 0) details.pageErrors = pageErrors.join(' | ');
      return new LocalTarget(vite, browser, page, {
        transport: 'LocalRealtimeSocket in headless Chromium (Playwright)',
        browser: `Chromium ${browser.version()}`,
        ...details,
      });
    } catch (error) {
      await browser?.close();
      await vite.close();
      throw error;
    }
  }

  async info(): Promise<TargetInfo> {
    return { target: 'local', details: this.details };
  }

  async runClip(pcm: Uint8Array, options: StreamOptions): Promise<ClipRecord> {
    const base64 = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
    try {
      return await this.page.evaluate(
        ([audio, stream]) => {
          const api = (globalThis as EvalWindow).earshotEval;
          if (api === undefined) throw new Error('earshotEval is missing');
          return api.run(audio, stream);
        },
        [base64, options] as const,
      );
    } catch (error) {
      return failedRecord((pcm.length / 2 / options.rate) * 1000, [
        { code: 'page_error', message: (error as Error).message.split('\n')[0] ?? '' },
      ]);
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.vite.close();
  }
}
