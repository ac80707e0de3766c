/**
 * Streams one clip through the Realtime transcription protocol over an open socket and records
 * its results and timings. Free of Node and DOM APIs (it also runs in the page for the in-page
 * target); times come from `performance.now()`.
 */

import { encodeAudio } from '@earshot/core/audio';
import {
  RealtimeClient,
  type RealtimeSocketLike,
  sessionUpdate,
  type TranscriptionSettings,
  waitOpen,
} from '@earshot/core/client';
import type { ServerEvent } from '@earshot/core/protocol';
import {
  type ClipError,
  type ClipRecord,
  droppedPartialChars,
  failedRecord,
  type ItemRecord,
  maxGap,
  maxSpeechGap,
  rewrittenChars,
  type StreamOptions,
  speechPauses,
  speechSpan,
  squash,
} from './clip-record.ts';

/** Queued bytes above which `--fast` waits before the next append. */
const FAST_BACKPRESSURE_BYTES = 4 * 1024 * 1024;
/** Appends sent between yields to the event loop with `--fast` (so arrival times stay accurate). */
const FAST_CHUNKS_PER_YIELD = 4;
/** Most time to wait for `session.created` / `session.updated`, in ms. */
const SETUP_TIMEOUT_MS = 15_000;

interface ItemState {
  id: string;
  speechStarted: number | null;
  speechStopped: number | null;
  committed: number | null;
  /** Set when the harness's own commit committed this item. */
  clientCommitAt: number | null;
  completed: number | null;
  transcript: string | null;
  failed: boolean;
  deltas: string[];
  /** Arrival time of each delta. */
  deltaTimes: number[];
  firstDelta: number | null;
  partials: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Records the timing and text of each item of one session (on core's `RealtimeClient`). */
class SessionLog {
  readonly items = new Map<string, ItemState>();
  readonly order: string[] = [];
  readonly errors: ClipError[] = [];
  readonly client: RealtimeClient;
  /** Set once the harness's last commit was answered (`committed` or a commit error). */
  commitAnswered = false;
  commitSentAt: number | null = null;

  constructor(socket: RealtimeSocketLike) {
    this.client = new RealtimeClient(socket, { record: true });
    this.client.onEvent((event, at) => this.receive(event, at));
    this.client.onInvalid((frame) => {
      if (frame.reason === 'frame is not JSON')
        this.errors.push({ code: 'invalid_frame', message: 'server sent a frame that is not JSON' });
    });
  }

  get closed() {
    return this.client.closed;
  }

  /** Whether an event of `type` has arrived. */
  saw(type: ServerEvent['type']): boolean {
    return this.client.events.some((e) => e.type === type);
  }

  item(id: string): ItemState {
    let item = this.items.get(id);
    if (item === undefined) {
      item = {
        id,
        speechStarted: null,
        speechStopped: null,
        committed: null,
        clientCommitAt: null,
        completed: null,
        transcript: null,
        failed: false,
        deltas: [],
        deltaTimes: [],
        firstDelta: null,
        partials: [],
      };
      this.items.set(id, item);
    }
    return item;
  }

  private receive(event: ServerEvent, at: number): void {
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        this.item(event.item_id).speechStarted ??= at;
        break;
      case 'input_audio_buffer.speech_stopped':
        this.item(event.item_id).speechStopped ??= at;
        break;
      case 'input_audio_buffer.committed': {
        const item = this.item(event.item_id);
        item.committed = at;
        this.order.push(event.item_id);
        if (item.speechStopped === null && this.commitSentAt !== null && !this.commitAnswered) {
          item.clientCommitAt = this.commitSentAt;
          this.commitAnswered = true;
        }
        break;
      }
      case 'conversation.item.input_audio_transcription.delta': {
        const item = this.item(event.item_id);
        item.deltas.push(event.delta);
        item.deltaTimes.push(at);
        item.firstDelta ??= at;
        break;
      }
      case 'earshot.transcription.partial':
        this.item(event.item_id).partials.push(`${event.stable} ${event.tentative}`);
        break;
      case 'conversation.item.input_audio_transcription.completed': {
        const item = this.item(event.item_id);
        item.completed = at;
        item.transcript = event.transcript;
        break;
      }
      case 'conversation.item.input_audio_transcription.failed': {
        const item = this.item(event.item_id);
        item.completed = at;
        item.failed = true;
        this.errors.push({ code: `transcription_failed:${event.error.code}`, message: event.error.message });
        break;
      }
      case 'error': {
        const code = event.error.code ?? event.error.type;
        const isCommitError =
          this.commitSentAt !== null && !this.commitAnswered && code === 'input_audio_buffer_commit_empty';
        if (isCommitError) this.commitAnswered = true;
        // A commit sent only as an end-of-audio barrier may find the buffer empty: that is expected.
        if (!isCommitError || this.order.length === 0)
          this.errors.push({ code, message: event.error.message });
        break;
      }
    }
  }

  /** Resolves when `done()` holds, the socket closes, or `deadline` (performance.now() ms) passes; true if done. */
  until(done: () => boolean, deadline: number): Promise<boolean> {
    return this.client.until(done, deadline - performance.now());
  }
}

/** The session settings of a run. */
function settingsOf(options: StreamOptions): TranscriptionSettings {
  return {
    format:
      (options.format ?? 'audio/pcm') === 'audio/pcm'
        ? { type: 'audio/pcm', rate: options.rate }
        : { type: options.format as 'audio/pcmu' | 'audio/pcma' },
    turnDetection: options.vad === 'server' ? 'server_vad' : null,
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.delay === undefined ? {} : { delay: options.delay }),
    ...(options.partials === true ? { include: ['earshot.transcription.partial'] } : {}),
  };
}

async function sendAudio(
  client: RealtimeClient,
  pcm: Uint8Array,
  options: StreamOptions,
  startAt: number,
  offsetMs: number,
): Promise<void> {
  const chunkBytes = Math.max(2, Math.round((options.rate * options.chunkMs) / 1000) * 2);
  let index = 0;
  for (let offset = 0; offset < pcm.length; offset += chunkBytes, index += 1) {
    if (options.pacing === 'realtime') {
      await sleep(startAt + offsetMs + index * options.chunkMs - performance.now());
    } else {
      for (
        let spins = 0;
        (client.socket.bufferedAmount ?? 0) > FAST_BACKPRESSURE_BYTES && spins < 10_000;
        spins++
      )
        await sleep(2);
      if (index % FAST_CHUNKS_PER_YIELD === FAST_CHUNKS_PER_YIELD - 1) await sleep(0);
    }
    if (!client.open) return;
    client.append(wireBytes(pcm.subarray(offset, Math.min(pcm.length, offset + chunkBytes)), options));
  }
}

/** A PCM16 chunk in the run's wire format (G.711 runs keep PCM16 at 8 kHz until here). */
function wireBytes(pcm: Uint8Array, options: StreamOptions): Uint8Array {
  const format = options.format ?? 'audio/pcm';
  if (format === 'audio/pcm') return pcm;
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const samples = new Float32Array(pcm.byteLength >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true) / 32768;
  return encodeAudio(samples, { type: format });
}

function itemRecord(item: ItemState, firstAudio: number): ItemRecord {
  const deltaText = item.deltas.join('');
  const from = item.clientCommitAt ?? item.speechStopped;
  const transcript = item.failed ? null : item.transcript;
  return {
    itemId: item.id,
    committedBy: item.clientCommitAt !== null ? 'client' : 'vad',
    transcript,
    deltaText,
    deltas: item.deltas.length,
    firstDeltaMs: item.firstDelta === null ? null : item.firstDelta - firstAudio,
    finalLatencyMs: item.completed === null || from === null || item.failed ? null : item.completed - from,
    rewrittenChars: transcript === null ? 0 : rewrittenChars(deltaText, transcript),
    partials: item.partials.length,
    droppedPartialChars: transcript === null ? 0 : droppedPartialChars(item.partials, transcript),
  };
}

/**
 * Streams `pcm` (PCM16 LE mono at `options.rate`) through a Realtime socket (connecting or open;
 * pass it before its first event can arrive, so `session.created` is not missed): waits for
 * `session.created`, configures the session, appends the audio (paced or fast), ends it (manual:
 * a commit; server VAD: `tailMs` of silence, then a commit as an end-of-audio barrier that also
 * closes any item the VAD left open), and waits for every item's `completed`. Items the barrier
 * commits without any speech are not counted. Never throws: failures are in `errors`.
 */
export async function streamClip(
  socket: RealtimeSocketLike,
  pcm: Uint8Array,
  options: StreamOptions,
): Promise<ClipRecord> {
  const log = new SessionLog(socket);
  const audioMs = (pcm.length / 2 / options.rate) * 1000;
  const setupDeadline = performance.now() + SETUP_TIMEOUT_MS;
  const empty = (errors: ClipError[]): ClipRecord => failedRecord(audioMs, errors);
  try {
    await waitOpen(socket, SETUP_TIMEOUT_MS);
  } catch (error) {
    return empty([{ code: 'connect_failed', message: (error as Error).message }]);
  }
  if (!(await log.until(() => log.saw('session.created'), setupDeadline))) {
    return empty([
      ...log.errors,
      { code: 'no_session_created', message: 'no session.created from the server' },
    ]);
  }
  log.client.send(sessionUpdate(settingsOf(options)));
  const configured = await log.until(
    () => log.saw('session.updated') || log.errors.length > 0,
    setupDeadline,
  );
  if (!configured || log.errors.length > 0) {
    return empty([
      ...log.errors,
      ...(configured ? [] : [{ code: 'no_session_updated', message: 'session.update was not answered' }]),
    ]);
  }

  const firstAudio = performance.now();
  await sendAudio(log.client, pcm, options, firstAudio, 0);
  const lastAudio = performance.now();
  if (options.vad === 'server' && options.tailMs > 0) {
    const tail = new Uint8Array(Math.round((options.rate * options.tailMs) / 1000) * 2);
    await sendAudio(log.client, tail, options, firstAudio, audioMs);
  }
  if (log.client.open) {
    log.commitSentAt = performance.now();
    log.client.commit();
  }
  const counted = (item: ItemState) =>
    item.committed !== null &&
    (options.vad === 'manual' || item.speechStarted !== null || item.speechStopped !== null);
  const finished = () =>
    log.commitAnswered &&
    [...log.items.values()].every((item) => !counted(item) || item.completed !== null) &&
    // Server VAD: no item may still be speaking (started, not yet committed).
    [...log.items.values()].every((item) => item.speechStarted === null || item.committed !== null);
  const done = await log.until(finished, performance.now() + options.timeoutMs);
  const end = performance.now();
  const errors = [...log.errors];
  if (!done) {
    errors.push(
      log.closed !== null
        ? { code: 'connection_closed', message: `closed (${log.closed.code}) before the results were in` }
        : { code: 'timeout', message: `results not complete ${options.timeoutMs} ms after the last audio` },
    );
  }
  const items = log.order
    .map((id) => log.items.get(id))
    .filter((item): item is ItemState => item !== undefined && counted(item))
    .map((item) => itemRecord(item, firstAudio));
  const last = items.at(-1);
  const firstDeltas = items.map((i) => i.firstDeltaMs).filter((v): v is number => v !== null);
  const sum = (key: 'deltas' | 'rewrittenChars' | 'droppedPartialChars') =>
    items.reduce((s, i) => s + i[key], 0);
  const span = speechSpan(pcm, options.rate);
  const deltaTimes = log.order.flatMap((id) =>
    (log.items.get(id)?.deltaTimes ?? []).map((t) => t - firstAudio),
  );
  const firstDelta = firstDeltas.length === 0 ? null : Math.min(...firstDeltas);
  return {
    transcript: items
      .map((i) => i.transcript ?? '')
      .filter((t) => t.trim() !== '')
      .join(' ')
      .trim(),
    items,
    firstDeltaMs: firstDeltas.length === 0 ? null : Math.min(...firstDeltas),
    finalLatencyMs: last?.finalLatencyMs ?? null,
    finalLatencyFrom:
      last === undefined
        ? null
        : last.committedBy === 'vad'
          ? 'speech_stopped'
          : options.vad === 'manual'
            ? 'last_audio'
            : 'barrier_commit',
    deltas: sum('deltas'),
    rewrittenChars: sum('rewrittenChars'),
    droppedPartialChars: sum('droppedPartialChars'),
    speechOnsetMs: span?.onsetMs ?? null,
    speechEndMs: span?.endMs ?? null,
    firstDeltaAfterOnsetMs: span === null || firstDelta === null ? null : firstDelta - span.onsetMs,
    maxDeltaGapMs: span === null ? null : maxGap(span.onsetMs, span.endMs, deltaTimes),
    maxSpeechGapMs:
      span === null
        ? null
        : maxSpeechGap(span.onsetMs, span.endMs, deltaTimes, speechPauses(pcm, options.rate)),
    deltasMatchFinal: items.every(
      (i) => i.transcript === null || squash(i.deltaText) === squash(i.transcript),
    ),
    audioMs,
    sendMs: lastAudio - firstAudio,
    wallMs: end - firstAudio,
    errors,
  };
}
