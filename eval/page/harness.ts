/**
 * The page side of the in-page target: exposes `globalThis.earshotEval` (load, run) to the Node
 * harness (Playwright), running the same protocol driver as the WebSocket target against a socket
 * opened in the page.
 */
import { decodeBase64 } from '@earshot/core/audio';
import type { RealtimeSocketLike } from '@earshot/core/client';
import type { ClipRecord, StreamOptions } from '../src/targets/clip-record.ts';
import { streamClip } from '../src/targets/stream-clip.ts';

/** Options the harness passes to `load`. */
export interface PageLoadOptions {
  readonly modelUrl?: string;
  readonly backend?: 'auto' | 'webgpu' | 'wasm';
}

/** What the page provides: loading the engine (facts for the report) and opening sessions. */
export interface PageEngine {
  load(options: PageLoadOptions): Promise<Record<string, string>>;
  openSocket(): RealtimeSocketLike;
}

/** The API the Node side calls through `page.evaluate`. */
export interface EvalPageApi {
  load(options: PageLoadOptions): Promise<Record<string, string>>;
  /** Streams one clip (PCM16 as base64) in a fresh session and returns its record. */
  run(pcmBase64: string, options: StreamOptions): Promise<ClipRecord>;
}

/** Installs `globalThis.earshotEval` over `engine`. */
export function installEvalPage(engine: PageEngine): void {
  const api: EvalPageApi = {
    load: (options) => engine.load(options),
    async run(pcmBase64, options) {
      const pcm = decodeBase64(pcmBase64) ?? new Uint8Array(0);
      const socket = engine.openSocket();
      try {
        return await streamClip(socket, pcm, options);
      } finally {
        socket.close(1000);
      }
    },
  };
  Object.assign(globalThis, { earshotEval: api });
}
