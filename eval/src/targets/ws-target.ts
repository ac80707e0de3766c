/** The WebSocket target: any OpenAI-compatible `/v1/realtime` endpoint (Earshot's server, OpenAI, …), one session per clip. */

import type { RealtimeSocketLike } from '@earshot/core/client';
import WebSocket from 'ws';
import type { ClipRecord, StreamOptions } from './clip-record.ts';
import { streamClip } from './stream-clip.ts';
import type { Target, TargetInfo } from './target.ts';

/** Options of `WsTarget`. */
export interface WsTargetOptions {
  /** `ws(s)://host[:port]/v1/realtime[?…]`; `intent=transcription` is added when neither `intent` nor `model` is in the query. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <key>`; absent: no header (an open server). */
  readonly apiKey?: string;
}

/** The realtime URL the harness connects to for `url` (adds `intent=transcription` when the query has no `intent`/`model`). */
export function realtimeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new Error(`--target must be a ws:// or wss:// URL (got ${parsed.protocol})`);
  }
  if (!parsed.searchParams.has('intent') && !parsed.searchParams.has('model')) {
    parsed.searchParams.set('intent', 'transcription');
  }
  return parsed.href;
}

/** Adapts a `ws` socket to the harness's WebSocket-like interface. */
class WsSocket implements RealtimeSocketLike {
  constructor(private readonly ws: WebSocket) {}

  get readyState(): number {
    return this.ws.readyState;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }

  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
  addEventListener(type: 'message' | 'close' | 'open' | 'error', listener: (event: never) => void): void {
    const call = listener as (event: unknown) => void;
    if (type === 'message')
      this.ws.on('message', (data, isBinary) => call({ data: isBinary ? data : data.toString() }));
    else if (type === 'close')
      this.ws.on('close', (code, reason) => call({ code, reason: reason.toString() }));
    else if (type === 'open') this.ws.on('open', () => call({}));
    else this.ws.on('error', (error) => call({ message: error.message }));
  }
}

/** Streams clips to a Realtime endpoint over WebSocket, one connection per clip. */
export class WsTarget implements Target {
  readonly url: string;

  constructor(private readonly options: WsTargetOptions) {
    this.url = realtimeUrl(options.url);
  }

  async info(): Promise<TargetInfo> {
    const shown = new URL(this.url);
    shown.username = '';
    shown.password = '';
    return {
      target: shown.href,
      details: { transport: 'websocket (ws)', auth: this.options.apiKey ? 'bearer' : 'none' },
    };
  }

  async runClip(pcm: Uint8Array, options: StreamOptions): Promise<ClipRecord> {
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers.Authorization = `Bearer ${this.options.apiKey}`;
    const ws = new WebSocket(this.url, { headers, perMessageDeflate: false });
    const socket = new WsSocket(ws);
    // Socket errors are reported through the record (connect_failed, connection_closed).
    ws.on('error', () => {});
    try {
      return await streamClip(socket, pcm, options);
    } finally {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
    }
  }

  async close(): Promise<void> {}
}
