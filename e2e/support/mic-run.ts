/** Runs the demo's microphone path once: start, first partial, first final, stop. */
import type { Page } from '@playwright/test';
import type { DemoHooks, ModelInfo, RunStats, WireEvent } from './demo.ts';

/** What one microphone run produced. */
export interface MicRun {
  transcript: string;
  firstPartial: string;
  stats: RunStats;
  model: ModelInfo | null;
  events: WireEvent[];
  /**
   * Long tasks and long animation frames (≥ 50 ms) on the page's main thread between `listening` and
   * the first final; `earshotMs` is the time the page's own scripts (same origin) ran inside it.
   */
  longTasks: LongTask[];
}

/** One long task (Long Tasks API) or long animation frame (LoAF, with script attribution). */
export interface LongTask {
  name: string;
  duration: number;
  earshotMs: number;
  scripts: string[];
}

/** Starts the mic, waits for the first non-empty final (calling `onPartial` at the first partial), stops. */
export async function micRun(page: Page, onPartial?: () => Promise<void>): Promise<MicRun> {
  await page.evaluate(() => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const state = {
      partial: '',
      final: '',
      longTasks: [] as MicRun['longTasks'],
      since: Number.POSITIVE_INFINITY,
      until: Number.POSITIVE_INFINITY,
    };
    Object.assign(globalThis, { micState: state });
    const inWindow = (entry: PerformanceEntry) =>
      entry.startTime >= state.since && entry.startTime <= state.until;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (inWindow(entry))
          state.longTasks.push({
            name: `longtask@${Math.round(entry.startTime)}`,
            duration: entry.duration,
            earshotMs: 0,
            scripts: [],
          });
      }
    }).observe({ type: 'longtask' });
    type Loaf = PerformanceEntry & {
      blockingDuration?: number;
      scripts?: Array<{ sourceURL: string; invoker: string; duration: number; sourceFunctionName: string }>;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Loaf[]) {
        if ((entry.blockingDuration ?? 0) > 0 && inWindow(entry)) {
          const scripts = (entry.scripts ?? []).map(
            (s) =>
              `${s.invoker} ${s.sourceFunctionName} ${s.sourceURL.split('/').pop()} ${Math.round(s.duration)}ms`,
          );
          const earshotMs = (entry.scripts ?? [])
            .filter((s) => s.sourceURL.startsWith(location.origin))
            .reduce((n, s) => n + s.duration, 0);
          state.longTasks.push({
            name: `loaf@${Math.round(entry.startTime)}`,
            duration: entry.duration,
            earshotMs,
            scripts,
          });
        }
      }
    }).observe({ type: 'long-animation-frame' });
    demo.transcriber.addEventListener('partial', (event) => {
      const text = (event as CustomEvent<{ text: string }>).detail.text.trim();
      if (state.partial === '' && text !== '') state.partial = text;
    });
    demo.transcriber.addEventListener('final', (event) => {
      const text = (event as CustomEvent<{ transcript: string }>).detail.transcript.trim();
      if (state.final === '' && text !== '') {
        state.final = text;
        state.until = performance.now();
      }
    });
    demo.transcriber.addEventListener('statechange', (event) => {
      if ((event as CustomEvent<{ state: string }>).detail.state === 'listening')
        state.since = performance.now();
    });
    void demo.transcriber.start();
  });
  await page.waitForFunction(
    () => {
      const state = (globalThis as unknown as { micState: { partial: string; final: string } }).micState;
      return state.partial !== '' || state.final !== '';
    },
    null,
    {
      timeout: 120_000,
    },
  );
  await onPartial?.();
  await page.waitForFunction(
    () => (globalThis as unknown as { micState: { final: string } }).micState.final !== '',
    null,
    {
      timeout: 120_000,
    },
  );
  return page.evaluate(async () => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const state = (
      globalThis as unknown as {
        micState: { partial: string; final: string; longTasks: MicRun['longTasks']; until: number };
      }
    ).micState;
    state.until = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stats = demo.transcriber.stats;
    await demo.transcriber.stop();
    return {
      transcript: state.final,
      firstPartial: state.partial,
      stats,
      model: demo.transcriber.engineInfo,
      events: demo.events.slice(),
      longTasks: state.longTasks,
    };
  });
}
