/**
 * `TranscriptionClient`: the Realtime transcription protocol from the page's side, over any
 * WebSocket-like object (a browser `WebSocket` to a server, or a `LocalRealtimeSocket`). It
 * configures the session, sends PCM16 audio, and turns server events into per-item text with
 * stable and tentative parts.
 */
import { encodeBase64 } from '@earshot/core/audio';
import { PROTOCOL_PCM_RATE } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';

/** The WebSocket surface the client needs. */
export interface RealtimeSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error' | 'message' | 'close', listener: (event: Event) => void): void;
}

/** A server event as received (type and event_id, other fields untyped). */
export type ServerEventLike = { readonly type: string; readonly event_id: string } & Readonly<
  Record<string, unknown>
>;

/** The text of one item so far. */
export interface ItemText {
  readonly itemId: string;
  /** Text that will not change. */
  readonly stable: string;
  /** Text that may still be revised. */
  readonly tentative: string;
  /** The final transcript, once `completed` arrived. */
  readonly final: string | null;
}

/** Options of a `TranscriptionClient`. */
export interface TranscriptionClientOptions {
  /** ISO-639-1 language to force, or null for detection (default null). */
  readonly language?: string | null;
  /** Transcription model name to send; default the server's. */
  readonly model?: string | null;
  /** `server_vad` (automatic turns, for the microphone) or null (manual commit, for files); default `server_vad`. */
  readonly turnDetection?: 'server_vad' | null;
  /** Ask for `earshot.transcription.partial` (stable/tentative split); default true. */
  readonly partials?: boolean;
  /** PCM16 rate of the audio, in Hz (default 24000). */
  readonly rate?: number;
  /** Every server event, in order. */
  readonly onEvent?: (event: ServerEventLike) => void;
  /** An item's text changed while it is still open (not called for the final transcript). */
  readonly onText?: (item: ItemText) => void;
  /** An item's transcript is final. */
  readonly onFinal?: (item: ItemText) => void;
  /** A protocol `error` event, or the connection failing. */
  readonly onError?: (error: EarshotWebError) => void;
  /** The connection closed. */
  readonly onClose?: (code: number, reason: string) => void;
}

export class TranscriptionClient {
  private readonly items = new Map<string, ItemText>();
  private readonly waiters: Array<() => void> = [];
  private readyResolve: (() => void) | null = null;
  private readyReject: ((error: EarshotWebError) => void) | null = null;
  private closed = false;
  private commitsInFlight = 0;
  /** Resolves once the session is configured (`session.updated`); rejects when the connection fails first. */
  readonly ready: Promise<void>;

  constructor(
    private readonly socket: RealtimeSocketLike,
    private readonly options: TranscriptionClientOptions = {},
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => undefined);
    socket.addEventListener('open', () => this.configure());
    socket.addEventListener('message', (event) => {
      const data: unknown = (event as MessageEvent).data;
      if (typeof data === 'string') this.receive(data);
    });
    socket.addEventListener('close', (closeEvent) => {
      const event = closeEvent as CloseEvent;
      this.closed = true;
      this.readyReject?.(
        new EarshotWebError(
          'EARSHOT_ERR_CONNECTION',
          `The connection closed (${event.code}) before the session was ready.`,
        ),
      );
      this.options.onClose?.(event.code, event.reason);
      this.wake();
    });
    socket.addEventListener('error', () => {
      this.options.onError?.(
        new EarshotWebError('EARSHOT_ERR_CONNECTION', 'The Realtime connection failed.'),
      );
    });
    if (socket.readyState === 1) this.configure();
  }

  /** Items seen so far, in order. */
  get texts(): ItemText[] {
    return [...this.items.values()];
  }

  /** Sends PCM16 little-endian audio at the configured rate. */
  append(pcm16: Uint8Array): void {
    if (this.closed || pcm16.byteLength === 0) return;
    this.socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: encodeBase64(pcm16) }));
  }

  /** Commits the input buffer (manual turns, or the rest of the audio at the end). */
  commit(): void {
    if (this.closed) return;
    this.commitsInFlight++;
    this.socket.send(JSON.stringify({ type: 'input_audio_buffer.commit' }));
  }

  /** Resolves when every commit is answered and every item has its final transcript (or the connection closed, or `timeoutMs` passed). */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const busy = () => this.commitsInFlight > 0 || [...this.items.values()].some((i) => i.final === null);
    while (!this.closed && busy() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes the connection normally. */
  close(): void {
    if (this.socket.readyState <= 1) this.socket.close(1000, '');
  }

  private configure(): void {
    const input: Record<string, unknown> = {
      format: { type: 'audio/pcm', rate: this.options.rate ?? PROTOCOL_PCM_RATE },
      turn_detection: this.options.turnDetection === null ? null : { type: 'server_vad' },
    };
    const transcription: Record<string, unknown> = { language: this.options.language ?? null };
    if (this.options.model) transcription.model = this.options.model;
    input.transcription = transcription;
    const session: Record<string, unknown> = { type: 'transcription', audio: { input } };
    if (this.options.partials !== false) session.include = ['earshot.transcription.partial'];
    this.socket.send(JSON.stringify({ type: 'session.update', session }));
  }

  private receive(data: string): void {
    let event: ServerEventLike;
    try {
      event = JSON.parse(data) as ServerEventLike;
    } catch {
      return;
    }
    this.options.onEvent?.(event);
    const itemId = typeof event.item_id === 'string' ? event.item_id : null;
    switch (event.type) {
      case 'session.updated':
        this.readyResolve?.();
        break;
      case 'input_audio_buffer.speech_started':
        if (itemId !== null) this.item(itemId);
        break;
      case 'input_audio_buffer.committed':
        if (itemId !== null) this.item(itemId);
        this.settleCommit();
        break;
      case 'earshot.transcription.partial':
        if (itemId !== null) {
          const item = this.item(itemId);
          if (item.final === null)
            this.set({
              ...item,
              stable: String(event.stable ?? ''),
              tentative: String(event.tentative ?? ''),
            });
        }
        break;
      case 'conversation.item.input_audio_transcription.delta':
        if (itemId !== null && this.options.partials === false) {
          const item = this.item(itemId);
          this.set({ ...item, stable: item.stable + String(event.delta ?? '') });
        }
        break;
      case 'conversation.item.input_audio_transcription.completed':
        if (itemId !== null) {
          const transcript = String(event.transcript ?? '');
          const done = { ...this.item(itemId), stable: transcript, tentative: '', final: transcript };
          this.items.set(itemId, done);
          this.options.onFinal?.(done);
          this.wake();
        }
        break;
      case 'conversation.item.input_audio_transcription.failed':
        if (itemId !== null) {
          const failed = { ...this.item(itemId), tentative: '', final: this.item(itemId).stable };
          this.items.set(itemId, failed);
          this.wake();
        }
        this.options.onError?.(new EarshotWebError('inference_failed', 'Transcription failed for an item.'));
        break;
      case 'error': {
        const error = (event.error ?? {}) as { code?: string | null; message?: string };
        if (error.code === 'input_audio_buffer_commit_empty') this.settleCommit();
        this.readyReject?.(new EarshotWebError(error.code ?? 'server_error', error.message ?? 'error'));
        this.options.onError?.(new EarshotWebError(error.code ?? 'server_error', error.message ?? 'error'));
        break;
      }
    }
  }

  /** A commit was answered (`committed`, or the empty-buffer error); with VAD an automatic commit may count too (harmless: its item is still awaited). */
  private settleCommit(): void {
    if (this.commitsInFlight > 0) this.commitsInFlight--;
    this.wake();
  }

  private item(itemId: string): ItemText {
    let item = this.items.get(itemId);
    if (item === undefined) {
      item = { itemId, stable: '', tentative: '', final: null };
      this.items.set(itemId, item);
    }
    return item;
  }

  private set(item: ItemText): void {
    this.items.set(item.itemId, item);
    this.options.onText?.(item);
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
