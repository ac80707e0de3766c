/**
 * `RealtimeSession`: one GA transcription session, transport-agnostic. A host feeds it client
 * frames (`handleText`, `handleBinary`) and delivers what it passes to `send`. Client events are
 * processed strictly in order; recognition runs beside them, one decode at a time.
 */
import { decodeBase64, InputAudioPipeline } from '../audio/index.ts';
import {
  DEFAULT_MAX_BUFFER_SECONDS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_SESSION_SECONDS,
  MIN_COMMIT_MS,
  MODEL_SAMPLE_RATE,
} from '../constants.ts';
import type { Hypothesis, Recognizer } from '../engine/recognizer.ts';
import { SerialQueue } from '../engine/serial-queue.ts';
import {
  type ClosingErrorCode,
  closingError,
  EarshotError,
  ERROR_CODES,
  type ErrorCode,
  errorDetails,
} from '../errors/index.ts';
import type { ClientEvent, TranscriptionSessionUpdate } from '../protocol/client-events.ts';
import { type IdSource, randomIds } from '../protocol/ids.ts';
import { parseClientEvent } from '../protocol/parse-client-event.ts';
import type { ServerEvent, ServerEventBody } from '../protocol/server-events.ts';
import type { ServerVadConfig, TranscriptionSession } from '../protocol/session-object.ts';
import type { SpeechScorer } from '../vad/types.ts';
import { applySessionUpdate, type ConfigRules, DEFAULT_SERVER_VAD, initialSession } from './config.ts';
import { ItemLog } from './item-log.ts';
import { userAudioItem } from './items.ts';
import { ItemRecognition, RecognitionScheduler } from './recognition-scheduler.ts';
import { TurnDetector } from './turn-detector.ts';

/**
 * Bytes of audio an append handles at once (5.5 s of 24 kHz PCM16); a larger append is handled
 * slice by slice, one turn of the event loop apart.
 */
const APPEND_SLICE_BYTES = 256 * 1024;

/** Resolves on a later turn of the event loop (timers run after pending I/O). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Per-session limits; each refusal is an OpenAI-shaped `error`. */
export interface SessionLimits {
  /** Largest client event, in bytes (default 15 MiB, as OpenAI). */
  readonly maxEventBytes: number;
  /** Most audio one input buffer holds before commit, in seconds (default 900). */
  readonly maxBufferSeconds: number;
  /** Session length, in seconds, reported in `expires_at` (default 3600); the host enforces it with `expire()`. */
  readonly maxSessionSeconds: number;
}

/** Everything a host passes to a new session. */
export interface RealtimeSessionOptions {
  /** The loaded model. */
  readonly recognizer: Recognizer;
  /** Delivers one server event to the client (the host serialises it as one text frame). */
  readonly send: (event: ServerEvent) => void;
  /** Closes the connection with a WebSocket close code (after `session_expired`). */
  readonly close?: (code: number, reason: string) => void;
  /** Makes the speech scorer for server VAD; default: a new `EnergySpeechScorer`. */
  readonly speechScorer?: () => SpeechScorer;
  /** Limits; absent fields take the defaults. */
  readonly limits?: Partial<SessionLimits>;
  /** Model names accepted as aliases of the served model, or `'*'`; default none. */
  readonly acceptModels?: readonly string[] | '*';
  /** Accept only 24 kHz `audio/pcm`, as OpenAI does; default false (16/24/48 kHz). */
  readonly strictRates?: boolean;
  /** Turn detection a new session starts with; default `server_vad` as OpenAI. */
  readonly turnDetection?: ServerVadConfig | null;
  /** Id maker; default random ids. */
  readonly ids?: IdSource;
  /** Clock, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
  /** Called with internal failures (already reported to the client as `server_error`), for logs. */
  readonly onInternalError?: (error: unknown) => void;
}

/** Resolved limits, with defaults. */
export function resolveLimits(limits: Partial<SessionLimits> = {}): SessionLimits {
  return {
    maxEventBytes: limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    maxBufferSeconds: limits.maxBufferSeconds ?? DEFAULT_MAX_BUFFER_SECONDS,
    maxSessionSeconds: limits.maxSessionSeconds ?? DEFAULT_MAX_SESSION_SECONDS,
  };
}

export class RealtimeSession {
  /** The session id (`sess_…`). */
  readonly id: string;
  private config: TranscriptionSession;
  private readonly rules: ConfigRules;
  private readonly limits: SessionLimits;
  private readonly ids: IdSource;
  /** Client events, handled one at a time in arrival order. */
  private readonly lane = new SerialQueue();
  private readonly scheduler: RecognitionScheduler;
  private readonly turns: TurnDetector;
  private readonly items = new ItemLog();
  private pipeline: InputAudioPipeline;
  private pending: ItemRecognition | null = null;
  private lastItemId: string | null = null;
  private closed = false;

  /** Creates the session and sends `session.created`. */
  constructor(private readonly options: RealtimeSessionOptions) {
    const now = options.now ?? Date.now;
    this.ids = options.ids ?? randomIds();
    this.limits = resolveLimits(options.limits);
    this.rules = {
      model: options.recognizer.model,
      acceptModels: options.acceptModels ?? [],
      languages: options.recognizer.languages,
      strictRates: options.strictRates ?? false,
    };
    this.id = this.ids.next('sess');
    const expiresAt = Math.floor(now() / 1000) + this.limits.maxSessionSeconds;
    const turnDetection = options.turnDetection === undefined ? DEFAULT_SERVER_VAD : options.turnDetection;
    this.config = initialSession(this.rules, this.id, expiresAt, turnDetection);
    this.pipeline = new InputAudioPipeline(this.config.audio.input.format);
    this.scheduler = new RecognitionScheduler({
      onHypothesis: (item, h) => this.partial(item, h),
      onFinal: (item, h) => this.completed(item, h),
      onFailed: (item, error) => this.failed(item, error),
      onPartialError: (_item, error) => options.onInternalError?.(error),
    });
    this.turns = new TurnDetector(
      options.speechScorer,
      this.config.audio.input.turn_detection,
      Math.round(this.limits.maxBufferSeconds * MODEL_SAMPLE_RATE),
    );
    this.emit({ type: 'session.created', session: this.config });
  }

  /** The effective configuration (a copy). */
  get session(): TranscriptionSession {
    return structuredClone(this.config);
  }

  /** Client events queued or being processed (for back-pressure in hosts). */
  get queuedEvents(): number {
    return this.lane.depth;
  }

  /** Committed items still waiting for their transcript. */
  get recognitionBacklog(): number {
    return this.scheduler.backlog;
  }

  /** Handles one text frame from the client. Never throws; errors become `error` events. */
  handleText(text: string): void {
    if (this.closed) return;
    const parsed = parseClientEvent(text, { maxBytes: this.limits.maxEventBytes });
    this.queue(async () => {
      if (this.closed) return;
      if (!parsed.ok) {
        this.emit({ type: 'error', error: parsed.error });
        return;
      }
      try {
        await this.dispatch(parsed.event);
      } catch (error) {
        if (error instanceof EarshotError)
          this.emit({ type: 'error', error: error.toDetails(parsed.event.event_id) });
        else this.internalError(error, parsed.event.event_id ?? null);
      }
    });
  }

  /** Queues a client event's handling; a failure that escapes it is an internal error, never a stop. */
  private queue(job: () => Promise<void> | void): void {
    this.lane.run(job).catch((error: unknown) => this.internalError(error, null));
  }

  /** Handles a binary frame: an `invalid_event` error (the protocol is text-only). */
  handleBinary(): void {
    if (this.closed) return;
    this.queue(() =>
      this.error(
        'invalid_event',
        'Expected a text WebSocket message; binary frames are not supported.',
        null,
        null,
      ),
    );
  }

  /** Ends the session for reaching its maximum duration: `session_expired`, then close 4000. */
  expire(): void {
    this.endWith(
      'session_expired',
      `Your session hit the maximum duration of ${this.limits.maxSessionSeconds / 60} minutes.`,
    );
  }

  /** Ends the session with an error event of `code` followed by the code's close. */
  endWith(code: ClosingErrorCode, message: string): void {
    if (this.closed) return;
    const { close } = closingError(code, message);
    this.error(code, message, null, null);
    this.close();
    this.options.close?.(close.code, close.reason);
  }

  /** Resolves when every client event received so far is processed and recognition is idle. */
  async settled(): Promise<void> {
    for (;;) {
      await this.lane.idle();
      await this.scheduler.idle();
      if (this.lane.depth === 0) return;
    }
  }

  /** Stops the session: queued work is dropped, in-flight decodes are aborted, nothing more is sent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending?.cancel();
    this.pending = null;
    this.items.cancelAll();
  }

  private async dispatch(event: ClientEvent): Promise<void> {
    const eventId = event.event_id ?? null;
    switch (event.type) {
      case 'session.update':
        return this.update(event.session);
      case 'input_audio_buffer.append':
        return this.append(event.audio, eventId);
      case 'input_audio_buffer.commit':
        return this.commit(eventId);
      case 'input_audio_buffer.clear':
        return this.clear();
      case 'conversation.item.retrieve':
        return this.emit({ type: 'conversation.item.retrieved', item: this.items.get(event.item_id) });
      case 'conversation.item.delete':
        this.items.delete(event.item_id);
        return this.emit({ type: 'conversation.item.deleted', item_id: event.item_id });
    }
  }

  private update(update: TranscriptionSessionUpdate): void {
    const before = this.config.audio.input;
    this.config = applySessionUpdate(this.config, update, this.rules);
    const after = this.config.audio.input;
    if (JSON.stringify(before.format) !== JSON.stringify(after.format)) {
      this.reportOverflow(this.routeAudio(this.pipeline.flush(), 0), null);
      this.pipeline = new InputAudioPipeline(after.format);
    }
    this.turns.configure(after.turn_detection);
    this.emit({ type: 'session.updated', session: this.config });
  }

  private async append(audio: string, eventId: string | null): Promise<void> {
    if (audio.length === 0) return;
    const bytes = decodeBase64(audio);
    if (bytes === null) {
      throw new EarshotError('invalid_value', "Invalid value for 'audio': expected base64-encoded audio.", {
        param: 'audio',
      });
    }
    // A large append (up to 15 MiB: minutes of audio, ~1 s of resampling) is handled in slices,
    // with a turn of the event loop between them, so that other sessions' events and decodes go
    // on meanwhile; this session's next event still waits for the whole append (events keep order).
    let dropped = 0;
    for (let offset = 0; offset < bytes.length; offset += APPEND_SLICE_BYTES) {
      if (offset > 0) {
        await nextTurn();
        if (this.closed) return;
      }
      dropped += await this.appendBytes(bytes.subarray(offset, offset + APPEND_SLICE_BYTES));
    }
    this.reportOverflow(dropped, eventId);
  }

  /** Decodes, runs VAD over and routes one slice of an append; resolves to the samples the buffer cap dropped. */
  private async appendBytes(bytes: Uint8Array): Promise<number> {
    const before = this.pipeline.inputSamples;
    const samples = this.pipeline.push(bytes);
    const ms = ((this.pipeline.inputSamples - before) * 1000) / this.pipeline.inputSampleRate;
    const position = this.turns.position;
    // The VAD reads the whole slice first; each piece of it is routed by the state at its place.
    let speaking = this.turns.speaking;
    const events = await this.turns.process(samples);
    let cursor = 0;
    let dropped = 0;
    const route = (end: number) => {
      const piece = samples.subarray(cursor, end);
      const pieceMs = (ms * (end - cursor)) / Math.max(1, samples.length);
      dropped += this.routeAudio(piece, pieceMs, { speaking, start: position + cursor });
      cursor = end;
    };
    for (const event of events) {
      route(Math.min(samples.length, Math.max(cursor, event.detectedAt - position)));
      speaking = event.type === 'speech_start';
      if (event.type === 'speech_start') this.speechStarted(event.sample);
      else this.speechStopped(event.detectedAt);
    }
    route(samples.length);
    return dropped;
  }

  /**
   * Sends 16 kHz audio to the pending item, or to the pre-speech buffer while VAD hears silence;
   * returns the samples the buffer cap dropped (for `reportOverflow`). `at` places audio the VAD
   * has read: whether the VAD was in a turn there, and its first sample's stream position
   * (default: the VAD's state now, and the end of what it read).
   */
  private routeAudio(
    samples: Float32Array,
    ms: number,
    at: { speaking: boolean; start: number } | null = null,
  ): number {
    if (samples.length === 0 && ms === 0) return 0;
    if (this.pending === null && this.turns.enabled && !(at?.speaking ?? this.turns.speaking)) {
      this.turns.remember(samples, ms, at?.start);
      return 0;
    }
    const item = this.ensurePending();
    const room = Math.max(0, Math.round(this.limits.maxBufferSeconds * MODEL_SAMPLE_RATE) - item.samples);
    const kept = samples.length > room ? samples.subarray(0, room) : samples;
    if (kept.length === 0) return samples.length;
    item.samples += kept.length;
    item.audioMs += (ms * kept.length) / Math.max(1, samples.length);
    item.stream?.append(kept);
    this.scheduler.audioArrived(item);
    return samples.length - kept.length;
  }

  /** One `input_audio_buffer_overflow` for the `dropped` samples of one event (none when 0). */
  private reportOverflow(dropped: number, eventId: string | null): void {
    if (dropped === 0) return;
    this.error(
      'input_audio_buffer_overflow',
      `The input audio buffer is full (maximum ${this.limits.maxBufferSeconds} s); ${(dropped / MODEL_SAMPLE_RATE).toFixed(3)} s of this append were not added. Commit or clear the buffer.`,
      'audio',
      eventId,
    );
  }

  private ensurePending(): ItemRecognition {
    if (this.pending !== null) return this.pending;
    const t = this.config.audio.input.transcription;
    const languages = t?.languages ?? [];
    const stream =
      t === null
        ? null
        : this.options.recognizer.start({
            // One possible language is forced; several leave the model's own detection on.
            language: t.language ?? (languages.length === 1 ? (languages[0] ?? null) : null),
            prompt: t.prompt,
            keywords: t.keywords ?? null,
            ...(t.delay ? { delay: t.delay } : {}),
            logprobs: this.wantsLogprobs(),
          });
    this.pending = new ItemRecognition(this.ids.next('item'), stream);
    return this.pending;
  }

  private wantsLogprobs(): boolean {
    return this.config.include?.includes('item.input_audio_transcription.logprobs') ?? false;
  }

  private speechStarted(sample: number): void {
    const padding = this.config.audio.input.turn_detection?.prefix_padding_ms ?? 0;
    const start = Math.max(0, sample - padding * (MODEL_SAMPLE_RATE / 1000));
    const fresh = this.pending === null;
    const item = this.ensurePending();
    if (fresh) {
      const { samples, ms, startSample } = this.turns.recall(start);
      this.reportOverflow(this.routeAudio(samples, ms), null);
      this.emitSpeechStarted(item.itemId, startSample);
    } else {
      this.emitSpeechStarted(item.itemId, start);
    }
  }

  private emitSpeechStarted(itemId: string, sample: number): void {
    const audio_start_ms = Math.round((sample * 1000) / MODEL_SAMPLE_RATE);
    if (this.pending !== null) this.pending.announced = true;
    this.emit({ type: 'input_audio_buffer.speech_started', audio_start_ms, item_id: itemId });
  }

  /**
   * `audio_end_ms` as OpenAI defines it: where the audio sent to the model for the turn ends,
   * which includes the `silence_duration_ms` the VAD waited (`detectedAt`, not the last speech).
   */
  private speechStopped(detectedAt: number): void {
    const item = this.pending;
    if (item === null) return;
    const audio_end_ms = Math.round((detectedAt * 1000) / MODEL_SAMPLE_RATE);
    this.emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms, item_id: item.itemId });
    this.commit(null, false);
  }

  /**
   * Commits the pending item. A client commit (`atEnd`) also flushes the resampler, whose tail
   * belongs to the end of the item; a VAD commit mid-append leaves the audio stream running.
   */
  private commit(eventId: string | null, atEnd = true): void {
    if (this.pending === null && this.turns.enabled) {
      const held = this.turns.recall(0);
      if (held.samples.length > 0) {
        // An item must exist first, or the held audio would go straight back to the pre-speech buffer.
        this.ensurePending();
        this.reportOverflow(this.routeAudio(held.samples, held.ms), eventId);
      }
    }
    const item = this.pending;
    const ms = item?.audioMs ?? 0;
    if (item === null || ms < MIN_COMMIT_MS - 1e-6) {
      this.error(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
        null,
        eventId,
      );
      return;
    }
    if (atEnd) {
      const tail = this.pipeline.flush();
      if (tail.length > 0) this.reportOverflow(this.routeAudio(tail, 0), eventId);
      this.pipeline.reset();
    }
    this.pending = null;
    const previous = this.lastItemId;
    this.lastItemId = item.itemId;
    this.items.add(item);
    this.emit({ type: 'input_audio_buffer.committed', item_id: item.itemId, previous_item_id: previous });
    this.emit({
      type: 'conversation.item.added',
      previous_item_id: previous,
      item: userAudioItem(item.itemId),
    });
    this.emit({
      type: 'conversation.item.done',
      previous_item_id: previous,
      item: userAudioItem(item.itemId),
    });
    this.scheduler.commit(item);
  }

  private clear(): void {
    const item = this.pending;
    item?.cancel();
    this.pending = null;
    if (item?.announced) {
      // The client saw this item (speech_started, deltas): it gets a terminal event, not silence.
      this.emit({
        type: 'conversation.item.input_audio_transcription.failed',
        item_id: item.itemId,
        content_index: 0,
        error: {
          type: ERROR_CODES.input_audio_buffer_cleared.type,
          code: 'input_audio_buffer_cleared',
          message: 'The input audio buffer was cleared before this item was committed; it has no transcript.',
        },
      });
    }
    this.pipeline.reset();
    this.turns.reset();
    this.emit({ type: 'input_audio_buffer.cleared' });
  }

  private partial(item: ItemRecognition, hypothesis: Hypothesis): void {
    const update = item.transcript.update(hypothesis);
    if (update.delta !== '') this.delta(item, update.delta, hypothesis);
    if (this.config.include?.includes('earshot.transcription.partial')) {
      this.emit({
        type: 'earshot.transcription.partial',
        item_id: item.itemId,
        content_index: 0,
        stable: update.stable,
        tentative: update.tentative,
      });
    }
  }

  private delta(item: ItemRecognition, delta: string, hypothesis: Hypothesis): void {
    item.announced = true;
    const logprobs =
      hypothesis.logprobs === undefined
        ? undefined
        : item.logprobsFor(item.transcript.emitted, hypothesis.logprobs);
    this.emit({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: item.itemId,
      content_index: 0,
      delta,
      ...(logprobs === undefined ? {} : { logprobs }),
    });
  }

  private completed(item: ItemRecognition, hypothesis: Hypothesis): void {
    const final = item.transcript.finish(hypothesis.text);
    if (final.delta !== '') this.delta(item, final.delta, hypothesis);
    this.items.setTranscript(item.itemId, final.transcript);
    this.emit({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: item.itemId,
      content_index: 0,
      transcript: final.transcript,
      usage: { type: 'duration', seconds: Math.round(item.audioMs) / 1000 },
      ...(hypothesis.logprobs === undefined ? {} : { logprobs: [...hypothesis.logprobs] }),
    });
  }

  private failed(item: ItemRecognition, error: unknown): void {
    this.options.onInternalError?.(error);
    this.emit({
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: item.itemId,
      content_index: 0,
      error: {
        type: 'server_error',
        code: 'inference_failed',
        message: 'Transcription failed for this item.',
      },
    });
  }

  private error(code: ErrorCode, message: string, param: string | null, eventId: string | null): void {
    this.emit({ type: 'error', error: errorDetails(code, message, param, eventId) });
  }

  private internalError(error: unknown, eventId: string | null): void {
    this.options.onInternalError?.(error);
    this.error(
      'server_error',
      'The server had an error while processing this event; the session goes on.',
      null,
      eventId,
    );
  }

  private emit(body: ServerEventBody): void {
    if (this.closed && body.type !== 'error') return;
    const event = { ...body, event_id: this.ids.next('event') } as ServerEvent;
    try {
      this.options.send(event);
    } catch (error) {
      this.options.onInternalError?.(error);
    }
  }
}
