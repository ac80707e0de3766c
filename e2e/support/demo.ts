/** Helpers to drive the demo page (packages/web/demo) from Playwright. */

import type { RealtimeClient } from '@earshot/core/client';
import type { ServerEvent } from '@earshot/core/protocol';
import type { Page } from '@playwright/test';

/** A server event as the page saw it. */
export type WireEvent = ServerEvent;

/** The model info the element reports after a local load. */
export interface ModelInfo {
  model: string;
  variant: string;
  backend: 'webgpu' | 'wasm';
  backendReason: string;
  threads: number;
  adapter: string | null;
  loadMs: number;
  warmupMs: number;
  cache: { hits: number; downloads: number; bytesDownloaded: number };
  kvCache: 'gpu-buffer' | 'cpu';
}

/** Timing of a run. */
export interface RunStats {
  firstPartialMs: number | null;
  rtf: number | null;
  audioSeconds: number;
  events: number;
}

/** What the demo page exposes as `window.earshotDemo`. */
export interface DemoHooks {
  transcriber: HTMLElement & {
    src: string;
    state: string;
    stats: RunStats;
    transcript: string;
    engineInfo: ModelInfo | null;
    prepare(): Promise<ModelInfo | null>;
    start(): Promise<void>;
    stop(): Promise<void>;
    transcribeFile(file: Blob): Promise<string>;
  };
  events: WireEvent[];
  /** A protocol client over a new in-page socket. */
  client(): RealtimeClient;
  engine(): {
    capabilities(): Promise<Capabilities>;
    load(options: Record<string, unknown>): Promise<ModelInfo>;
  };
}

/** The Worker's capability report. */
export interface Capabilities {
  webgpu: {
    vendor: string;
    architecture: string;
    description: string;
    fallbackAdapter: boolean;
    features: string[];
  } | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  recommended: { backend: 'webgpu' | 'wasm'; reason: string };
}

/** Opens the demo with query `params` and waits for its hooks. */
export async function openDemo(page: Page, params: Record<string, string> = {}): Promise<void> {
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[console] ${message.text()}`);
  });
  await page.goto(`/?${new URLSearchParams(params)}`);
  await page.waitForFunction(() => 'earshotDemo' in globalThis);
}

/** Transcribes a fixture through the demo's file path (same protocol, manual commit); resolves to the transcript, the events and stats. */
export async function transcribeFixture(
  page: Page,
  file: string,
): Promise<{ transcript: string; events: WireEvent[]; stats: RunStats; model: ModelInfo | null }> {
  return page.evaluate(async (name) => {
    const demo = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo;
    const blob = await (await fetch(`/fixtures/audio/${name}`)).blob();
    const from = demo.events.length;
    const transcript = await demo.transcriber.transcribeFile(blob);
    return {
      transcript,
      events: demo.events.slice(from),
      stats: demo.transcriber.stats,
      model: demo.transcriber.engineInfo,
    };
  }, file);
}

/**
 * Highest WER accepted on the e2e clips: the embedded model is tiny (closed vocabulary, held-out WER
 * ≈ 10–25%), so one word in four may be wrong (e.g. the homophones "four"/"for").
 */
export const MAX_WER = 0.34;

/** Word error rate of `hypothesis` against `reference` (lower-case words, punctuation dropped). */
export { wordErrorRate } from '@earshot/testkit/conformance';
