/**
 * `TranscriptionClient`: what the page needs of a Realtime transcription session, on core's
 * `RealtimeClient` over any WebSocket-like object (a browser `WebSocket` to a server, or a
 * `LocalRealtimeSocket`). It configures the session once the socket opens, sends PCM16 audio, and
 * reports each item's text (core's `ItemTranscripts`) and every error as a typed `EarshotWebError`.
 */
import {
  type ItemTranscript,
  ItemTranscripts,
  isSettled,
  RealtimeClient,
  type RealtimeSocketLike,
} from '@earshot/core/client';
import type { ServerEvent } from '@earshot/core/protocol';
import { PROTOCOL_PCM_RATE } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';

export type { RealtimeSocketLike };

/** The text of one item so far (core's `ItemTranscript`). */
export type ItemText = ItemTranscript;

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
  readonly onEvent?: (event: ServerEvent) => void;
  /** An item's text changed while it is still open (not called for the final transcript). */
  readonly onText?: (item: ItemText) => void;
  /** An item's transcript is final. */
  readonly onFinal?: (item: ItemText) => void;
  /** A protocol `error` event, a failed item, or the connection failing. */
  readonly onError?: (error: EarshotWebError) => void;
  /** The connection closed. */
  readonly onClose?: (code: number, reason: string) => void;
}

export class TranscriptionClient {
  private readonly client: RealtimeClient;
  private readonly items = new ItemTranscripts();
  private commitsInFlight = 0;
  private configured = false;
  /** Resolves once the session is configured (`session.updated`); rejects when the connection fails first. */
  readonly ready: Promise<void>;

  constructor(
    socket: RealtimeSocketLike,
    private readonly options: TranscriptionClientOptions = {},
  ) {
    this.client = new RealtimeClient(socket);
    this.ready = new Promise<void>((resolve, reject) => {
      this.client.on('session.updated', () => resolve());
      this.client.on('error', (event) => reject(EarshotWebError.fromDetails(event.error)));
      this.client.onClose((close) =>
        reject(
          new EarshotWebError(
            'EARSHOT_ERR_CONNECTION',
            `The connection closed (${close.code}) before the session was ready.`,
          ),
        ),
      );
    });
    this.ready.catch(() => undefined);
    this.client.onEvent((event) => this.receive(event));
    this.client.onClose((close) => options.onClose?.(close.code, close.reason));
    socket.addEventListener('open', () => this.configure());
    socket.addEventListener('error', () =>
      options.onError?.(new EarshotWebError('EARSHOT_ERR_CONNECTION', 'The Realtime connection failed.')),
    );
    if (socket.readyState === 1) this.configure();
  }

  /** Items seen so far, in order. */
  get texts(): ItemText[] {
    return this.items.list();
  }

  /** Sends PCM16 little-endian audio at the configured rate. */
  append(pcm16: Uint8Array): void {
    if (this.client.open) this.client.append(pcm16);
  }

  /** Commits the input buffer (manual turns, or the rest of the audio at the end). */
  commit(): void {
    if (!this.client.open) return;
    this.commitsInFlight++;
    this.client.commit();
  }

  /** Resolves when every commit is answered and every item has its terminal event (or the connection closed, or `timeoutMs` passed). */
  async drain(timeoutMs: number): Promise<void> {
    await this.client.until(
      () => this.commitsInFlight === 0 && this.items.list().every(isSettled),
      timeoutMs,
    );
  }

  /** Closes the connection normally. */
  close(): void {
    this.client.close(1000, '');
  }

  private configure(): void {
    if (this.configured) return;
    this.configured = true;
    const { model, partials } = this.options;
    this.client.update({
      format: { type: 'audio/pcm', rate: this.options.rate ?? PROTOCOL_PCM_RATE },
      turnDetection: this.options.turnDetection === null ? null : 'server_vad',
      language: this.options.language ?? null,
      ...(model ? { model } : {}),
      ...(partials === false ? {} : { include: ['earshot.transcription.partial'] }),
    });
  }

  private receive(event: ServerEvent): void {
    this.options.onEvent?.(event);
    // With the extension on, the partial event carries the text; deltas would only repeat it.
    const usesDeltas = this.options.partials === false;
    if (event.type !== 'conversation.item.input_audio_transcription.delta' || usesDeltas) {
      const item = this.items.apply(event);
      if (
        item !== null &&
        event.type !== 'input_audio_buffer.committed' &&
        event.type !== 'input_audio_buffer.speech_started'
      ) {
        if (isSettled(item)) this.options.onFinal?.(item);
        else this.options.onText?.(item);
      }
    }
    switch (event.type) {
      case 'input_audio_buffer.committed':
        this.settleCommit();
        break;
      case 'conversation.item.input_audio_transcription.failed':
        this.options.onError?.(
          new EarshotWebError('inference_failed', `Transcription failed for an item: ${event.error.message}`),
        );
        break;
      case 'error':
        if (event.error.code === 'input_audio_buffer_commit_empty') this.settleCommit();
        this.options.onError?.(EarshotWebError.fromDetails(event.error));
        break;
    }
  }

  /** A commit was answered (`committed`, or the empty-buffer error); with VAD an automatic commit may count too (harmless: its item is still awaited). */
  private settleCommit(): void {
    if (this.commitsInFlight > 0) this.commitsInFlight--;
  }
}
