/**
 * `<earshot-transcriber>`: live transcription with no framework. `src="local"` runs the model in the
 * page (Web Worker); `src="wss://host/v1/realtime"` uses a server — the same protocol either way.
 * Attributes: `src`, `model` (local: model folder URL; remote: model name), `language`, `backend`
 * (`auto` | `webgpu` | `wasm`), `token` (remote API key, sent as the browser subprotocol).
 * Events (CustomEvent): `partial`, `final`, `error`, `progress`, `ready`, `statechange`, `realtime-event`.
 */

import type { ServerEvent } from '@earshot/core/protocol';
import { decodeAudioFile, toPcm16Chunks } from '../audio-file/decode-file.ts';
import {
  type ItemText,
  type RealtimeSocketLike,
  TranscriptionClient,
} from '../client/transcription-client.ts';
import { LOCAL_MIC_RATE, PROTOCOL_PCM_RATE } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';
import type { WithTypedListeners } from '../events/typed-listeners.ts';
import { type MicCapture, startMic } from '../mic/mic-capture.ts';
import type { BackendPreference, LoadedModel, LoadProgress } from '../worker/engine-api.ts';
import { LocalEngine } from '../worker/local-engine.ts';
import { buttonView } from './control.ts';
import { TRANSCRIBER_TEMPLATE } from './template.ts';

/** What the element is doing. */
export type TranscriberState = 'idle' | 'loading' | 'connecting' | 'listening' | 'stopping' | 'file';

/** Timing of the last run. */
export interface TranscriberStats {
  /** ms from speech start (or the first audio sent, without VAD) to the first non-empty text (partial, or the final when no partial came first); null before. */
  readonly firstPartialMs: number | null;
  /** Processing time / audio duration for a file run (wall time from the first append to the last final); null for the mic. */
  readonly rtf: number | null;
  /** Seconds of audio sent. */
  readonly audioSeconds: number;
  /** Server events received. */
  readonly events: number;
}

/** Detail of `partial` events (text of an open item changed): its stable and tentative text. */
export interface PartialDetail extends ItemText {
  /** `stable + tentative`. */
  readonly text: string;
}

/** Detail of `final` events. */
export interface FinalDetail {
  readonly itemId: string;
  readonly transcript: string;
}

/** Detail of `error` events. */
export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
}

/** Detail of `statechange` events. */
export interface StateChangeDetail {
  readonly state: TranscriberState;
}

/** The events `<earshot-transcriber>` dispatches (CustomEvents; they bubble and cross the shadow root). */
export const TRANSCRIBER_EVENTS = [
  'partial',
  'final',
  'error',
  'progress',
  'ready',
  'statechange',
  'realtime-event',
] as const;

/** Name of an event of `<earshot-transcriber>`. */
export type TranscriberEventName = (typeof TRANSCRIBER_EVENTS)[number];

/** Detail of each event of `<earshot-transcriber>`. */
export interface TranscriberEventDetails {
  /** The text of an open item changed. */
  partial: PartialDetail;
  /** An item's final transcript. */
  final: FinalDetail;
  /** A typed failure (`EARSHOT_ERR_*` or the server's error code); the element returns to idle. */
  error: ErrorDetail;
  /** Model download progress (local source). */
  progress: LoadProgress;
  /** The local model is loaded. */
  ready: LoadedModel;
  /** The element's state changed. */
  statechange: StateChangeDetail;
  /** Every server event of the Realtime session, as received. */
  'realtime-event': ServerEvent;
}

/**
 * The element's event map, for typed `addEventListener`: its own CustomEvents, plus HTMLElement's
 * events except the two it replaces (`error`, `progress`).
 */
export interface EarshotTranscriberEventMap
  extends Omit<HTMLElementEventMap, 'error' | 'progress'>,
    TranscriberCustomEvents {}

/** `CustomEvent<detail>` for each of the element's events. */
export type TranscriberCustomEvents = {
  [K in TranscriberEventName]: CustomEvent<TranscriberEventDetails[K]>;
};

/** Bytes per sample of PCM16 audio. */
const PCM16_BYTES = 2;

/** The `<earshot-transcriber>` element; its listeners are typed by {@link EarshotTranscriberEventMap}. */
export class EarshotTranscriber extends (HTMLElement as WithTypedListeners<
  HTMLElement,
  EarshotTranscriberEventMap
>) {
  /** Attributes the element reacts to. */
  static readonly observedAttributes = ['src', 'model', 'variant', 'language', 'backend'];
  private readonly root: ShadowRoot;
  private readonly button: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly progressBar: HTMLProgressElement;
  private readonly transcriptBox: HTMLElement;
  private current: TranscriberState = 'idle';
  private client: TranscriptionClient | null = null;
  private mic: MicCapture | null = null;
  private loaded: LoadedModel | null = null;
  private runStats = {
    reference: 0,
    firstPartialMs: null as number | null,
    rtf: null as number | null,
    bytes: 0,
    /** Rate, in Hz, of the PCM16 audio sent in this run. */
    rate: PROTOCOL_PCM_RATE,
    events: 0,
  };
  private finals: string[] = [];

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TRANSCRIBER_TEMPLATE;
    this.button = this.partOf('button') as HTMLButtonElement;
    this.status = this.partOf('status');
    this.progressBar = this.partOf('progress') as HTMLProgressElement;
    this.transcriptBox = this.partOf('transcript');
    this.button.addEventListener('click', () => this.activate());
  }

  /** `local`, or a `ws(s)://…/v1/realtime` URL (default `local`). */
  get src(): string {
    return this.getAttribute('src') ?? 'local';
  }

  set src(value: string) {
    this.setAttribute('src', value);
  }

  /** What the element is doing now. */
  get state(): TranscriberState {
    return this.current;
  }

  /** The local model, once loaded (backend, variant, timings); null for remote sources. */
  get engineInfo(): LoadedModel | null {
    return this.loaded;
  }

  /** Timing of the current or last run. */
  get stats(): TranscriberStats {
    const { firstPartialMs, rtf, bytes, rate, events } = this.runStats;
    return { firstPartialMs, rtf, audioSeconds: bytes / (rate * PCM16_BYTES), events };
  }

  /** Final transcripts of the last run, joined with spaces. */
  get transcript(): string {
    return this.finals.join(' ').trim();
  }

  /** Runs when the element is inserted into a document: renders the idle status (no state change). */
  connectedCallback(): void {
    this.renderStatus();
  }

  /**
   * Runs when the element leaves the document. A microtask later, if it was not re-inserted (a
   * move), it releases the run: stops the microphone, closes the connection and goes `idle`
   * (`statechange`). A model load in progress continues in the shared engine.
   *
   * ```ts
   * transcriber.remove(); // the microphone indicator goes off
   * ```
   */
  disconnectedCallback(): void {
    queueMicrotask(() => {
      if (!this.isConnected && (this.mic !== null || this.client !== null)) void this.teardown();
    });
  }

  attributeChangedCallback(): void {
    if (this.current === 'idle') this.renderStatus();
  }

  /** Loads the model if needed (local), without starting; resolves to the model info (null for remote). */
  async prepare(): Promise<LoadedModel | null> {
    if (this.src !== 'local' || this.current !== 'idle') return this.loaded;
    try {
      return await this.loadLocal();
    } catch (error) {
      this.reportError(error);
      throw error;
    } finally {
      this.setState('idle');
    }
  }

  /** Starts live transcription from the microphone (state idle → loading → connecting → listening). */
  async start(): Promise<void> {
    if (this.current !== 'idle') return;
    this.resetRun();
    try {
      const socket = await this.openSocket();
      this.setState('connecting');
      // The in-page engine takes the model's rate: one resampler (device → 16 kHz) on the way to the
      // model. A server gets the protocol's default rate, which every Realtime server accepts.
      const rate = this.src === 'local' ? LOCAL_MIC_RATE : PROTOCOL_PCM_RATE;
      this.runStats.rate = rate;
      const client = this.createClient(socket, 'server_vad', rate);
      this.client = client;
      await client.ready;
      const mic = await startMic({
        rate,
        onFrame: (frame) => {
          if (this.runStats.bytes === 0) this.runStats.reference = performance.now();
          this.runStats.bytes += frame.byteLength;
          this.client?.append(frame);
        },
      });
      if (this.client !== client) {
        // Released (removed from the document, or the connection ended) while the mic opened.
        await mic.stop();
        return;
      }
      this.mic = mic;
      this.setState('listening');
    } catch (error) {
      if (this.isConnected) this.reportError(error);
      await this.teardown();
    }
  }

  /** Stops the microphone, commits what is left and waits for the last transcripts (→ idle). */
  async stop(): Promise<void> {
    if (this.current !== 'listening') return;
    this.setState('stopping');
    const mic = this.mic;
    this.mic = null;
    await mic?.stop();
    this.client?.commit();
    await this.client?.drain(15_000);
    await this.teardown();
  }

  /** Transcribes an audio file (WAV, MP3, …) through the same protocol, manual commit; resolves to the transcript. */
  async transcribeFile(file: Blob): Promise<string> {
    if (this.current !== 'idle')
      throw new EarshotWebError('EARSHOT_ERR_CONNECTION', 'The transcriber is busy.');
    this.resetRun();
    try {
      const audio = await decodeAudioFile(await file.arrayBuffer());
      const socket = await this.openSocket();
      this.setState('connecting');
      const client = this.createClient(socket, null);
      this.client = client;
      await client.ready;
      this.setState('file');
      const chunks = toPcm16Chunks(audio);
      this.runStats.reference = performance.now();
      for (const chunk of chunks) {
        this.runStats.bytes += chunk.byteLength;
        client.append(chunk);
      }
      client.commit();
      await client.drain(120_000);
      const seconds = this.runStats.bytes / (this.runStats.rate * PCM16_BYTES);
      this.runStats.rtf = seconds > 0 ? (performance.now() - this.runStats.reference) / 1000 / seconds : null;
    } catch (error) {
      this.reportError(error);
    } finally {
      await this.teardown();
    }
    return this.transcript;
  }

  /** A press of the button: start when idle, stop when listening; ignored while unavailable. */
  private activate(): void {
    if (buttonView(this.current).unavailable) return;
    void (this.current === 'idle' ? this.start() : this.stop());
  }

  private async loadLocal(): Promise<LoadedModel> {
    const engine = LocalEngine.shared();
    this.setState('loading');
    this.progressBar.hidden = false;
    try {
      const backend = (this.getAttribute('backend') ?? 'auto') as BackendPreference;
      this.loaded = await engine.load({
        modelUrl: this.getAttribute('model') ?? undefined,
        variant: this.getAttribute('variant') ?? undefined,
        backend,
        onProgress: (p) => this.progress(p),
      });
      this.dispatch('ready', this.loaded);
      return this.loaded;
    } finally {
      this.progressBar.hidden = true;
    }
  }

  private async openSocket(): Promise<RealtimeSocketLike> {
    if (this.src === 'local') {
      await this.loadLocal();
      return LocalEngine.shared().openSocket();
    }
    const url = new URL(this.src, globalThis.location?.href);
    if (!url.searchParams.has('intent') && !url.searchParams.has('model'))
      url.searchParams.set('intent', 'transcription');
    const token = this.getAttribute('token');
    return new WebSocket(url, ['realtime', ...(token ? [`openai-insecure-api-key.${token}`] : [])]);
  }

  private createClient(
    socket: RealtimeSocketLike,
    turnDetection: 'server_vad' | null,
    rate = PROTOCOL_PCM_RATE,
  ): TranscriptionClient {
    return new TranscriptionClient(socket, {
      rate,
      language: this.getAttribute('language'),
      model: this.src === 'local' ? null : this.getAttribute('model'),
      turnDetection,
      onEvent: (event) => this.onEvent(event),
      // The connection ended under a live microphone (server close, engine Worker lost): release it.
      onClose: () => {
        if (this.current === 'listening') void this.teardown();
      },
      onText: (item) => this.onText(item),
      onFinal: (item) => this.onFinal(item),
      onError: (error) => {
        // An empty buffer at stop is expected (VAD already committed everything).
        if (this.current === 'stopping' && error.code === 'input_audio_buffer_commit_empty') return;
        this.reportError(error);
      },
    });
  }

  private onEvent(event: ServerEvent): void {
    this.runStats.events++;
    if (event.type === 'input_audio_buffer.speech_started' && this.runStats.firstPartialMs === null) {
      this.runStats.reference = performance.now();
    }
    this.dispatch('realtime-event', event);
  }

  private onText(item: ItemText): void {
    const text = `${item.stable}${item.tentative}`;
    if (this.runStats.firstPartialMs === null && text.trim() !== '') {
      this.runStats.firstPartialMs = performance.now() - this.runStats.reference;
    }
    this.renderItem(item);
    this.dispatch('partial', { ...item, text } satisfies PartialDetail);
  }

  private onFinal(item: ItemText): void {
    const transcript = item.final ?? '';
    if (this.runStats.firstPartialMs === null && transcript.trim() !== '') {
      this.runStats.firstPartialMs = performance.now() - this.runStats.reference;
    }
    if (transcript !== '') this.finals.push(transcript);
    this.renderItem(item);
    this.dispatch('final', { itemId: item.itemId, transcript } satisfies FinalDetail);
  }

  private renderItem(item: ItemText): void {
    let line = this.transcriptBox.querySelector<HTMLElement>(`[data-item="${CSS.escape(item.itemId)}"]`);
    if (line === null) {
      line = document.createElement('span');
      line.setAttribute('part', 'item');
      line.dataset.item = item.itemId;
      const stable = document.createElement('span');
      stable.setAttribute('part', 'stable');
      const tentative = document.createElement('span');
      tentative.setAttribute('part', 'tentative');
      // Screen readers hear settled text only; the tentative tail keeps changing.
      tentative.setAttribute('aria-hidden', 'true');
      line.append(stable, tentative);
      this.transcriptBox.append(line);
    }
    const [stable, tentative] = line.children;
    if (stable !== undefined) stable.textContent = item.stable;
    if (tentative !== undefined) tentative.textContent = item.final === null ? item.tentative : '';
    if (item.final !== null) {
      line.dataset.final = '';
      line.setAttribute('part', 'item final');
    }
  }

  private progress(p: LoadProgress): void {
    if (p.total !== null && p.total > 0) {
      this.progressBar.max = p.total;
      this.progressBar.value = Math.min(p.loaded, p.total);
    } else this.progressBar.removeAttribute('value');
    this.status.textContent =
      p.phase === 'download'
        ? p.total !== null && p.total > 0
          ? `Loading model… ${Math.round((100 * Math.min(p.loaded, p.total)) / p.total)}%`
          : `Loading model… ${(p.loaded / 1e6).toFixed(1)} MB`
        : p.phase === 'warmup'
          ? 'Warming up…'
          : 'Ready';
    this.dispatch('progress', p);
  }

  private reportError(error: unknown): void {
    const code =
      typeof (error as { code?: unknown })?.code === 'string'
        ? (error as { code: string }).code
        : 'EARSHOT_ERR_ENGINE';
    const message = error instanceof Error ? error.message : String(error);
    this.status.textContent = `Error: ${message}`;
    this.dispatch('error', { code, message } satisfies ErrorDetail);
  }

  private async teardown(): Promise<void> {
    const { mic, client } = this;
    this.mic = null;
    this.client = null;
    await mic?.stop().catch(() => undefined);
    client?.close();
    this.setState('idle');
  }

  private resetRun(): void {
    this.runStats = {
      reference: performance.now(),
      firstPartialMs: null,
      rtf: null,
      bytes: 0,
      rate: PROTOCOL_PCM_RATE,
      events: 0,
    };
    this.finals = [];
    this.transcriptBox.replaceChildren();
  }

  private setState(state: TranscriberState): void {
    if (state === this.current) return;
    this.current = state;
    // aria-disabled, not `disabled`: a disabled button loses focus (to <body>) mid-run.
    const view = buttonView(state);
    if (this.button.textContent !== view.label) this.button.textContent = view.label;
    if (view.unavailable) this.button.setAttribute('aria-disabled', 'true');
    else this.button.removeAttribute('aria-disabled');
    this.renderStatus();
    this.dispatch('statechange', { state });
  }

  private renderStatus(): void {
    const where = this.src === 'local' ? 'in this page' : new URL(this.src, globalThis.location?.href).host;
    const labels: Record<TranscriberState, string> = {
      idle: `Ready (${where})`,
      loading: 'Loading model…',
      connecting: 'Connecting…',
      listening: 'Listening…',
      stopping: 'Finishing…',
      file: 'Transcribing file…',
    };
    if (!this.status.textContent?.startsWith('Error') || this.current !== 'idle')
      this.status.textContent = labels[this.current];
  }

  private partOf(name: string): HTMLElement {
    const element = this.root.querySelector<HTMLElement>(`[part~='${name}']`);
    if (element === null) throw new Error(`template lacks part ${name}`);
    return element;
  }

  private dispatch<K extends TranscriberEventName>(type: K, detail: TranscriberEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'earshot-transcriber': EarshotTranscriber;
  }
}

/** Registers the element as `name` (default `earshot-transcriber`) unless already defined. */
export function defineTranscriber(name = 'earshot-transcriber'): void {
  if (customElements.get(name) === undefined) customElements.define(name, EarshotTranscriber);
}
