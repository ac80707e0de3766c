/**
 * The Realtime transcription conformance checks, written once over `connect()` so they run
 * against any target: the in-memory session (core), Earshot's server and in-page socket, another
 * server (`earshot conformance <url>`), in Node or in a browser. Check numbers refer to
 * docs/reference/conformance.md. Checks marked `earshot` test Earshot's extensions and choices;
 * the `openai` profile leaves them out.
 */
import { encodeAlaw, encodeBase64, encodeMulaw, encodePcm16 } from '@earshot/core/audio';
import { TestClient, type WebSocketLike, type WireError, type WireEvent } from './client.ts';
import { expect } from './expect.ts';
import { wireSessionUpdate } from './session-update.ts';
import { wordErrorRate } from './wer.ts';

/** A clip the target's recognizer transcribes: its reference text and its audio at any rate. */
export interface Clip {
  readonly text: string;
  audio(rate: number): Float32Array;
}

/** What the suite needs to know about a target. */
export interface ConformanceTarget {
  /** Opens a new connection (resolves once open). */
  connect(): Promise<WebSocketLike>;
  /** Opens a connection to the Realtime URL with `query` instead of its own (hosts with URLs; the URL checks need it). */
  connectWithQuery?(query: string): Promise<WebSocketLike>;
  /** The model name to send in `transcription.model`. */
  readonly model: string;
  /** Two different short clips and one ≥ 6 s clip (for partials while speaking). */
  readonly clips: { readonly a: Clip; readonly b: Clip; readonly long: Clip };
  /** Longest wait for any one expected event, in ms. */
  readonly timeoutMs: number;
  /** Window, in ms, in which "no event" checks listen. */
  readonly quietMs: number;
  /** The target's configured limits. */
  readonly limits: { readonly maxEventBytes: number; readonly maxBufferSeconds: number };
  /** Highest acceptable WER on the clips (checklist: 0.15). */
  readonly maxWer: number;
}

type Format = { type: 'audio/pcm'; rate: number } | { type: 'audio/pcmu' } | { type: 'audio/pcma' };

function encode(samples: Float32Array, format: Format): Uint8Array {
  if (format.type === 'audio/pcmu') return encodeMulaw(samples);
  if (format.type === 'audio/pcma') return encodeAlaw(samples);
  return encodePcm16(samples);
}

function rateOf(format: Format): number {
  return format.type === 'audio/pcm' ? format.rate : 8000;
}

function errorOf(event: WireEvent): WireError {
  return event.error as WireError;
}

/** Asserts the OpenAI error envelope (checklist 31). */
function expectEnvelope(event: WireEvent): WireError {
  expect(event.type).toBe('error');
  const error = errorOf(event);
  expect(typeof error).toBe('object');
  expect(typeof error.type).toBe('string');
  expect(error.code === null || typeof error.code === 'string').toBe(true);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.param === null || typeof error.param === 'string').toBe(true);
  expect(error.event_id === null || typeof error.event_id === 'string').toBe(true);
  return error;
}

function joinDeltas(client: TestClient, itemId: string): string {
  return client
    .ofType('conversation.item.input_audio_transcription.delta')
    .filter((e) => e.item_id === itemId)
    .map((e) => e.delta as string)
    .join('');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Where speech ends in `samples`, in ms: the last 20 ms block within 30 dB of the loudest. */
function speechEndMs(samples: Float32Array, rate: number): number {
  const block = Math.round(rate / 50);
  const levels: number[] = [];
  for (let start = 0; start + block <= samples.length; start += block) {
    let sum = 0;
    for (let i = start; i < start + block; i++) sum += (samples[i] ?? 0) ** 2;
    levels.push(Math.sqrt(sum / block));
  }
  const floor = Math.max(0, ...levels) * 10 ** (-30 / 20);
  let last = levels.length - 1;
  while (last > 0 && (levels[last] ?? 0) < floor) last--;
  return (last + 1) * 20;
}

/** Who a check is for: every Realtime transcription server, or Earshot's extensions and choices. */
export type CheckProfile = 'openai' | 'earshot';

/** One conformance check. */
export interface Check {
  /** The section it belongs to. */
  readonly group: string;
  readonly title: string;
  /** `openai`: any server must pass it; `earshot`: an Earshot extension or choice. */
  readonly profile: CheckProfile;
  /** Why the check cannot run against this target (it is then reported as skipped). */
  readonly skip?: string;
  run(): Promise<void>;
}

/** The checks for `target`, in order. */
export function conformanceChecks(target: ConformanceTarget): Check[] {
  const { timeoutMs: T } = target;
  const checks: Check[] = [];
  let group = '';
  const describe = (name: string, body: () => void) => {
    const outer = group;
    group = name;
    body();
    group = outer;
  };
  // Every socket a check opens is closed when it ends, passed or failed, so a failing check leaves
  // nothing open on the server (or in the process running the suite).
  const opened = new Set<WebSocketLike>();
  const track = (socket: WebSocketLike): WebSocketLike => {
    opened.add(socket);
    return socket;
  };
  const closeOpened = () => {
    for (const socket of opened) {
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
    }
    opened.clear();
  };
  const it = (title: string, body: () => Promise<void>, profile: CheckProfile = 'openai', skip?: string) => {
    const run = async () => {
      try {
        await body();
      } finally {
        closeOpened();
      }
    };
    checks.push({ group, title, profile, run, ...(skip === undefined ? {} : { skip }) });
  };
  const earshot = (title: string, run: () => Promise<void>, skip?: string) => it(title, run, 'earshot', skip);

  async function open(): Promise<TestClient> {
    const client = new TestClient(track(await target.connect()));
    await client.next('session.created', T);
    return client;
  }

  /** Opens a client and configures it (see `configure`), without checking the reply. */
  async function configured(
    input: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
  ): Promise<TestClient> {
    const client = await open();
    await configure(client, input, extra);
    return client;
  }

  /**
   * Sends `event` (an event object, or a function that sends something else) and resolves to the
   * first error after it, its envelope checked.
   */
  async function expectError(
    client: TestClient,
    event: Record<string, unknown> | (() => void),
  ): Promise<WireError> {
    const from = client.events.length;
    if (typeof event === 'function') event();
    else client.send(event);
    return expectEnvelope(await client.next('error', T, from));
  }

  /** Asserts that `transcript` is within the WER bound of `clip`'s text. */
  function expectWer(clip: Clip, transcript: unknown): void {
    expect(wordErrorRate(clip.text, transcript as string)).toBeLessThanOrEqual(target.maxWer);
  }

  /** Appends 24 kHz `samples` in events of `step` samples, `gapMs` apart (as a live source would). */
  async function appendPaced(client: TestClient, samples: Float32Array, step: number, gapMs: number) {
    for (let i = 0; i < samples.length; i += step) {
      append(client, samples.subarray(i, i + step), { type: 'audio/pcm', rate: 24000 });
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  }

  /** Resolves to the `completed` event of the item `committed` names, at index ≥ `from`. */
  function completedOf(client: TestClient, committed: WireEvent, from: number): Promise<WireEvent> {
    return client.waitFor(
      (e) =>
        e.type === 'conversation.item.input_audio_transcription.completed' && e.item_id === committed.item_id,
      T,
      from,
    );
  }

  async function configure(
    client: TestClient,
    input: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
  ) {
    const from = client.events.length;
    client.send(
      wireSessionUpdate({ transcription: { model: target.model, language: 'en' }, ...input }, extra),
    );
    return client.waitFor((e) => e.type === 'session.updated' || e.type === 'error', T, from);
  }

  function append(client: TestClient, samples: Float32Array, format: Format, chunks = 1): void {
    const bytes = encode(samples, format);
    const step = Math.ceil(bytes.length / chunks);
    for (let i = 0; i < bytes.length; i += step) {
      client.send({ type: 'input_audio_buffer.append', audio: encodeBase64(bytes.subarray(i, i + step)) });
    }
  }

  /** Appends a clip, commits, and resolves to the item's committed and completed events. */
  async function transcribe(
    client: TestClient,
    clip: Clip,
    format: Format = { type: 'audio/pcm', rate: 24000 },
  ) {
    const from = client.events.length;
    append(client, clip.audio(rateOf(format)), format, 7);
    return commitAndWait(client, from);
  }

  /** Commits the buffer and resolves to the item's committed and completed events (after event `from`). */
  async function commitAndWait(client: TestClient, from = client.events.length) {
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed', T, from);
    const completed = await completedOf(client, committed, from);
    return { committed, completed, transcript: completed.transcript as string };
  }

  async function finish(client: TestClient): Promise<void> {
    client.socket.close(1000);
    expect(client.violations).toEqual([]);
  }

  async function expectQuiet(client: TestClient, from: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, target.quietMs));
    expect(client.events.slice(from).map((e) => e.type)).toEqual([]);
  }
  describe('connection and session', () => {
    it('#3 sends session.created first, unprompted, with a transcription session', async () => {
      const client = new TestClient(track(await target.connect()));
      const first = await client.waitFor(() => true, T);
      expect(first.type).toBe('session.created');
      expect(first.event_id).toMatch(/^event_/);
      expect((first.session as { type: string }).type).toBe('transcription');
      await finish(client);
    });

    it('#5 defaults to audio/pcm at 24 kHz', async () => {
      const client = await open();
      const session = client.events[0]?.session as { audio: { input: { format: unknown } } };
      expect(session.audio.input.format).toEqual({ type: 'audio/pcm', rate: 24000 });
      await finish(client);
    });

    it('#6 answers session.update with exactly one session.updated', async () => {
      const client = await open();
      const updated = await configure(client);
      expect(updated.type).toBe('session.updated');
      const input = (updated.session as { audio: { input: Record<string, unknown> } }).audio.input;
      expect((input.transcription as { language: string }).language).toBe('en');
      expect(input.turn_detection).toBeNull();
      await expectQuiet(client, client.events.length);
      expect(client.ofType('session.updated')).toHaveLength(1);
      await finish(client);
    });

    it('#7 applies partial updates: absent fields keep their value', async () => {
      const client = await configured({ format: { type: 'audio/pcm', rate: 16000 } });
      const from = client.events.length;
      client.send({
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { transcription: { language: null } } } },
      });
      const updated = await client.next('session.updated', T, from);
      const input = (updated.session as { audio: { input: Record<string, unknown> } }).audio.input;
      expect(input.format).toEqual({ type: 'audio/pcm', rate: 16000 });
      expect(input.turn_detection).toBeNull();
      expect((input.transcription as { language: unknown }).language).toBeNull();
      await finish(client);
    });

    earshot('#8 accepts 16 kHz and 48 kHz audio/pcm (Earshot extension) and reports the rate', async () => {
      const client = await open();
      for (const rate of [16000, 48000]) {
        const updated = await configure(client, { format: { type: 'audio/pcm', rate } });
        expect((updated.session as { audio: { input: { format: unknown } } }).audio.input.format).toEqual({
          type: 'audio/pcm',
          rate,
        });
      }
      await finish(client);
    });

    earshot('#8b rejects other rates with invalid_value on the rate and keeps the config', async () => {
      const client = await configured();
      const reply = await configure(client, { format: { type: 'audio/pcm', rate: 44100 } });
      const error = expectEnvelope(reply);
      expect(error.code).toBe('invalid_value');
      expect(error.param).toBe('session.audio.input.format.rate');
      const after = await configure(client, {});
      expect((after.session as { audio: { input: { format: unknown } } }).audio.input.format).toEqual({
        type: 'audio/pcm',
        rate: 24000,
      });
      await finish(client);
    });

    it('#9 discards an invalid session.update whole (session.type realtime)', async () => {
      const client = await configured({ format: { type: 'audio/pcm', rate: 16000 } });
      const from = client.events.length;
      client.send({
        type: 'session.update',
        session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 48000 } } } },
      });
      const error = expectEnvelope(await client.next('error', T, from));
      expect(error.param).toBe('session.type');
      client.send({ type: 'session.update', session: { type: 'transcription' } });
      const updated = await client.next('session.updated', T, from);
      expect((updated.session as { audio: { input: { format: unknown } } }).audio.input.format).toEqual({
        type: 'audio/pcm',
        rate: 16000,
      });
      await finish(client);
    });

    it('#9b reports an unknown session field as unknown_parameter with its path', async () => {
      const client = await open();
      const error = await expectError(client, {
        type: 'session.update',
        session: { type: 'transcription', bogus_field: 1 },
      });
      expect(error.code).toBe('unknown_parameter');
      expect(error.param).toBe('session.bogus_field');
      await finish(client);
    });

    earshot('#26 rejects semantic_vad with not_supported on turn_detection', async () => {
      const client = await open();
      const error = expectEnvelope(await configure(client, { turn_detection: { type: 'semantic_vad' } }));
      expect(error.code).toBe('not_supported');
      expect(error.param).toMatch(/^session\.audio\.input\.turn_detection/);
      await finish(client);
    });

    earshot('rejects a model the target does not serve with not_supported', async () => {
      const client = await open();
      const error = expectEnvelope(await configure(client, { transcription: { model: 'no-such-model' } }));
      expect(error.code).toBe('not_supported');
      expect(error.param).toBe('session.audio.input.transcription.model');
      await finish(client);
    });
  });

  describe('audio buffer and items', () => {
    it('#10 sends nothing in reply to a successful append', async () => {
      const client = await configured();
      const from = client.events.length;
      append(client, new Float32Array(2400), { type: 'audio/pcm', rate: 24000 });
      await expectQuiet(client, from);
      await finish(client);
    });

    it('#11-#16 commit: committed, item added/done, deltas, completed with usage', async () => {
      const client = await configured();
      const { committed, completed } = await transcribe(client, target.clips.a);
      expect(typeof committed.item_id).toBe('string');
      expect(committed.previous_item_id).toBeNull();
      const order = client.events
        .filter(
          (e) =>
            e.item_id === committed.item_id ||
            (e.item as { id?: string } | undefined)?.id === committed.item_id,
        )
        .map((e) => e.type);
      const iCommitted = order.indexOf('input_audio_buffer.committed');
      expect(order.slice(iCommitted, iCommitted + 3)).toEqual([
        'input_audio_buffer.committed',
        'conversation.item.added',
        'conversation.item.done',
      ]);
      expect(order.at(-1)).toBe('conversation.item.input_audio_transcription.completed');
      for (const type of ['conversation.item.added', 'conversation.item.done']) {
        const item = client.ofType(type)[0]?.item as {
          id: string;
          role: string;
          content: Array<{ type: string }>;
        };
        expect(item.id).toBe(committed.item_id);
        expect(item.role).toBe('user');
        expect(item.content[0]?.type).toBe('input_audio');
      }
      expect(completed.content_index).toBe(0);
      const usage = completed.usage as { type: string; seconds: number };
      expect(usage.type).toBe('duration');
      expect(usage.seconds).toBeCloseTo(target.clips.a.audio(24000).length / 24000, 1);
      for (const delta of client.ofType('conversation.item.input_audio_transcription.delta')) {
        expect(delta.item_id).toBe(committed.item_id);
        expect(delta.content_index).toBe(0);
        expect(typeof delta.delta).toBe('string');
      }
      expect(squash(joinDeltas(client, committed.item_id as string))).toBe(
        squash(completed.transcript as string),
      );
      await finish(client);
    });

    it('#17 transcribes the clip within the WER bound', async () => {
      const client = await configured();
      const { transcript } = await transcribe(client, target.clips.a);
      expectWer(target.clips.a, transcript);
      await finish(client);
    });

    it('#18-#19 a second commit links to the first and does not leak its audio', async () => {
      const client = await configured();
      const first = await transcribe(client, target.clips.a);
      const second = await transcribe(client, target.clips.b);
      expect(second.committed.previous_item_id).toBe(first.committed.item_id);
      expect(second.committed.item_id).not.toBe(first.committed.item_id);
      const onlyA = target.clips.a.text.split(' ').filter((w) => !target.clips.b.text.split(' ').includes(w));
      for (const word of onlyA) expect(second.transcript.split(' ')).not.toContain(word);
      expectWer(target.clips.b, second.transcript);
      await finish(client);
    });

    it('#20 commit on an empty buffer is input_audio_buffer_commit_empty and the socket stays open', async () => {
      const client = await configured();
      const error = await expectError(client, { type: 'input_audio_buffer.commit', event_id: 'evt_empty' });
      expect(error.code).toBe('input_audio_buffer_commit_empty');
      expect(error.type).toBe('invalid_request_error');
      expect(error.event_id).toBe('evt_empty');
      expect(client.ofType('input_audio_buffer.committed')).toHaveLength(0);
      const { transcript } = await transcribe(client, target.clips.a);
      expect(transcript.length).toBeGreaterThan(0);
      await finish(client);
    });

    it('#21 commit with 50 ms of audio is the same error', async () => {
      const client = await configured();
      const from = client.events.length;
      append(client, new Float32Array(1200), { type: 'audio/pcm', rate: 24000 });
      client.send({ type: 'input_audio_buffer.commit' });
      expect(errorOf(await client.next('error', T, from)).code).toBe('input_audio_buffer_commit_empty');
      await finish(client);
    });

    it('#22 clear empties the buffer: cleared, then commit is empty', async () => {
      const client = await configured();
      const from = client.events.length;
      append(client, target.clips.a.audio(24000), { type: 'audio/pcm', rate: 24000 });
      client.send({ type: 'input_audio_buffer.clear' });
      await client.next('input_audio_buffer.cleared', T, from);
      client.send({ type: 'input_audio_buffer.commit' });
      expect(errorOf(await client.next('error', T, from)).code).toBe('input_audio_buffer_commit_empty');
      await finish(client);
    });

    it('#23 clear on an empty buffer answers cleared, not error', async () => {
      const client = await configured();
      const from = client.events.length;
      client.send({ type: 'input_audio_buffer.clear' });
      await client.next('input_audio_buffer.cleared', T, from);
      expect(client.ofType('error')).toHaveLength(0);
      await finish(client);
    });

    for (const rate of [16000, 24000, 48000]) {
      (rate === 24000 ? it : earshot)(`#24 transcribes audio/pcm at ${rate} Hz`, async () => {
        const client = await open();
        const format: Format = { type: 'audio/pcm', rate };
        await configure(client, { format });
        const { transcript } = await transcribe(client, target.clips.a, format);
        expectWer(target.clips.a, transcript);
        await finish(client);
      });
    }

    for (const type of ['audio/pcmu', 'audio/pcma'] as const) {
      it(`transcribes G.711 ${type}`, async () => {
        const client = await open();
        const format: Format = { type };
        await configure(client, { format });
        const { transcript } = await transcribe(client, target.clips.a, format);
        expectWer(target.clips.a, transcript);
        await finish(client);
      });
    }

    earshot('treats audio as a byte stream: odd-sized appends give the same transcript', async () => {
      const client = await configured();
      const bytes = encodePcm16(target.clips.a.audio(24000));
      const from = client.events.length;
      for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7 + 3) % 4099 || 1) {
        client.send({ type: 'input_audio_buffer.append', audio: encodeBase64(bytes.subarray(i, i + n)) });
      }
      client.send({ type: 'input_audio_buffer.commit' });
      const completed = await client.next('conversation.item.input_audio_transcription.completed', T, from);
      expectWer(target.clips.a, completed.transcript);
      await finish(client);
    });

    earshot('streams partial deltas before the commit, under the id the item then gets', async () => {
      const client = await configured();
      const samples = target.clips.long.audio(24000);
      const step = 24000 / 5;
      await appendPaced(client, samples, step, 40);
      await client.next('conversation.item.input_audio_transcription.delta', T);
      const from = client.events.length;
      client.send({ type: 'input_audio_buffer.commit' });
      const committed = await client.next('input_audio_buffer.committed', T, from);
      const early = client.events
        .slice(0, from)
        .filter((e) => e.type === 'conversation.item.input_audio_transcription.delta');
      expect(early.length).toBeGreaterThan(0);
      for (const delta of early) expect(delta.item_id).toBe(committed.item_id);
      const completed = await client.next('conversation.item.input_audio_transcription.completed', T, from);
      expect(squash(joinDeltas(client, committed.item_id as string))).toBe(
        squash(completed.transcript as string),
      );
      await finish(client);
    });

    earshot(
      'keeps the buffer up to its cap and reports the overflow',
      async () => {
        const client = await configured({ format: { type: 'audio/pcm', rate: 16000 } });
        const clip = target.clips.a.audio(16000);
        const total = new Float32Array(Math.ceil((target.limits.maxBufferSeconds + 1) * 16000));
        total.set(clip.subarray(0, Math.min(clip.length, total.length)));
        const from = client.events.length;
        append(client, total, { type: 'audio/pcm', rate: 16000 }, Math.ceil(total.length / 16000));
        const error = expectEnvelope(await client.next('error', T, from));
        expect(error.code).toBe('input_audio_buffer_overflow');
        client.send({ type: 'input_audio_buffer.commit' });
        const completed = await client.next('conversation.item.input_audio_transcription.completed', T, from);
        expect((completed.usage as { seconds: number }).seconds).toBeCloseTo(
          target.limits.maxBufferSeconds,
          1,
        );
        await finish(client);
      },
      target.limits.maxBufferSeconds > 60
        ? `the buffer cap (${target.limits.maxBufferSeconds} s) is too large to fill in a check; pass a cap of 60 s or less`
        : undefined,
    );

    it('answers conversation.item.retrieve and delete, and item_not_found for unknown ids', async () => {
      const client = await configured();
      const { committed, transcript } = await transcribe(client, target.clips.a);
      const from = client.events.length;
      client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
      const retrieved = await client.next('conversation.item.retrieved', T, from);
      const item = retrieved.item as { id: string; content: Array<{ transcript: string }> };
      expect(item.id).toBe(committed.item_id);
      expect(item.content[0]?.transcript).toBe(transcript);
      client.send({ type: 'conversation.item.delete', item_id: committed.item_id });
      await client.next('conversation.item.deleted', T, from);
      client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
      const error = expectEnvelope(await client.next('error', T, from));
      expect(error.code).toBe('item_not_found');
      expect(error.param).toBe('item_id');
      await finish(client);
    });
  });

  describe('server VAD', () => {
    it('#25 detects a turn: speech_started, speech_stopped, committed, completed, without a commit', async () => {
      const client = await configured({ turn_detection: { type: 'server_vad', silence_duration_ms: 500 } });
      const from = client.events.length;
      const clip = target.clips.a.audio(24000);
      const audio = new Float32Array(clip.length + 24000 * 1.5);
      audio.set(clip, 12000);
      append(client, audio, { type: 'audio/pcm', rate: 24000 }, 30);
      const started = await client.next('input_audio_buffer.speech_started', T, from);
      const stopped = await client.next('input_audio_buffer.speech_stopped', T, from);
      const committed = await client.next('input_audio_buffer.committed', T, from);
      const completed = await client.next('conversation.item.input_audio_transcription.completed', T, from);
      expect(Number.isInteger(started.audio_start_ms)).toBe(true);
      expect(started.audio_start_ms as number).toBeGreaterThanOrEqual(0);
      expect(stopped.audio_end_ms as number).toBeGreaterThan(started.audio_start_ms as number);
      expect(new Set([started.item_id, stopped.item_id, committed.item_id, completed.item_id]).size).toBe(1);
      const types = client.events.slice(from).map((e) => e.type);
      expect(types.indexOf('input_audio_buffer.speech_started')).toBeLessThan(
        types.indexOf('input_audio_buffer.speech_stopped'),
      );
      expect(types.indexOf('input_audio_buffer.speech_stopped')).toBeLessThan(
        types.indexOf('input_audio_buffer.committed'),
      );
      expectWer(target.clips.a, completed.transcript);
      await finish(client);
    });

    it('splits two turns separated by silence into two items', async () => {
      const client = await configured({ turn_detection: { type: 'server_vad', silence_duration_ms: 500 } });
      const a = target.clips.a.audio(24000);
      const b = target.clips.b.audio(24000);
      const audio = new Float32Array(a.length + b.length + 24000 * 3);
      audio.set(a, 12000);
      audio.set(b, a.length + 24000 * 1.5);
      const from = client.events.length;
      append(client, audio, { type: 'audio/pcm', rate: 24000 }, 40);
      const first = await client.next('conversation.item.input_audio_transcription.completed', T, from);
      const second = await client.waitFor(
        (e) =>
          e.type === 'conversation.item.input_audio_transcription.completed' && e.item_id !== first.item_id,
        T,
        from,
      );
      expectWer(target.clips.a, first.transcript);
      expectWer(target.clips.b, second.transcript);
      await finish(client);
    });
  });

  describe('errors', () => {
    it('#27 invalid JSON is invalid_json and the session goes on', async () => {
      const client = await open();
      const error = await expectError(client, () => client.sendRaw('not json'));
      expect(error.type).toBe('invalid_request_error');
      expect(error.code).toBe('invalid_json');
      expect((await configure(client)).type).toBe('session.updated');
      await finish(client);
    });

    it('#28 an unknown type is invalid_value on type, echoing the event_id', async () => {
      const client = await open();
      const error = await expectError(client, { type: 'nope', event_id: 'evt_1' });
      expect(error.code).toBe('invalid_value');
      expect(error.param).toBe('type');
      expect(error.event_id).toBe('evt_1');
      await finish(client);
    });

    it('#29 a binary frame is invalid_event and the socket stays open', async () => {
      const client = await open();
      const error = await expectError(client, () => client.socket.send(new Uint8Array([1, 2, 3])));
      expect(error.code).toBe('invalid_event');
      expect((await configure(client)).type).toBe('session.updated');
      await finish(client);
    });

    it('#30 invalid base64 is invalid_value on audio and adds no audio', async () => {
      const client = await configured();
      const error = await expectError(client, { type: 'input_audio_buffer.append', audio: '!!!notbase64' });
      expect(error.code).toBe('invalid_value');
      expect(error.param).toBe('audio');
      client.send({ type: 'input_audio_buffer.commit' });
      expect(errorOf(await client.next('error', T, client.events.length)).code).toBe(
        'input_audio_buffer_commit_empty',
      );
      await finish(client);
    });

    it('a missing field is missing_required_parameter with its name', async () => {
      const client = await open();
      const error = await expectError(client, { type: 'input_audio_buffer.append' });
      expect(error.code).toBe('missing_required_parameter');
      expect(error.param).toBe('audio');
      await finish(client);
    });

    it('an ill-typed field is invalid_type with its path', async () => {
      const client = await open();
      const error = await expectError(client, {
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { format: 'pcm' } } },
      });
      expect(error.code).toBe('invalid_type');
      expect(error.param).toBe('session.audio.input.format');
      await finish(client);
    });

    earshot('an event over the size limit is event_too_large and the session goes on', async () => {
      const client = await configured();
      const error = await expectError(client, {
        type: 'input_audio_buffer.append',
        audio: 'A'.repeat(target.limits.maxEventBytes + 4),
      });
      expect(error.code).toBe('event_too_large');
      const { transcript } = await transcribe(client, target.clips.a);
      expectWer(target.clips.a, transcript);
      await finish(client);
    });

    it('#32 after a burst of errors a normal append/commit still completes', async () => {
      const client = await configured();
      client.sendRaw('{');
      client.send({ type: 'nope' });
      client.send({ type: 'input_audio_buffer.append', audio: '%%%' });
      client.send({ type: 'input_audio_buffer.commit' });
      const { transcript } = await transcribe(client, target.clips.a);
      expect(client.ofType('error')).toHaveLength(4);
      expectWer(target.clips.a, transcript);
      await finish(client);
    });
  });

  describe('streaming and current fields (SDK 7.x)', () => {
    it('joined deltas of a long utterance equal completed.transcript', async () => {
      const client = await configured();
      const samples = target.clips.long.audio(24000);
      await appendPaced(client, samples, 4800, 20);
      const from = client.events.length;
      client.send({ type: 'input_audio_buffer.commit' });
      const committed = await client.next('input_audio_buffer.committed', T, from);
      const completed = await completedOf(client, committed, from);
      expect(squash(joinDeltas(client, committed.item_id as string))).toBe(
        squash(completed.transcript as string),
      );
      await finish(client);
    });

    it('server VAD: a second of silence gets no reply', async () => {
      const client = await configured({ turn_detection: { type: 'server_vad' } });
      const from = client.events.length;
      append(client, new Float32Array(24000), { type: 'audio/pcm', rate: 24000 }, 10);
      await expectQuiet(client, from);
      await finish(client);
    });

    it('a manual commit under server VAD turns the whole buffer into the item', async () => {
      const client = await configured({ turn_detection: { type: 'server_vad', threshold: 0.9 } });
      // Quiet speech (about −44 dBFS: too quiet for a 0.9 threshold) between 0.5 s silences.
      const clip = target.clips.a.audio(24000).map((v) => v * 0.03);
      const audio = new Float32Array(clip.length + 24000);
      audio.set(clip, 12000);
      const from = client.events.length;
      append(client, audio, { type: 'audio/pcm', rate: 24000 }, 10);
      client.send({ type: 'input_audio_buffer.commit' });
      const committed = await client.next('input_audio_buffer.committed', T, from);
      const completed = await completedOf(client, committed, from);
      expect(client.events.slice(from).filter((e) => e.type === 'input_audio_buffer.speech_started')).toEqual(
        [],
      );
      const usage = completed.usage as { type: string; seconds?: number };
      if (usage.type === 'duration') expect(usage.seconds).toBeCloseTo(audio.length / 24000, 1);
      expect((completed.transcript as string).trim()).not.toBe('');
      await finish(client);
    });

    it('speech_stopped.audio_end_ms includes the silence the VAD waited', async () => {
      const client = await configured({ turn_detection: { type: 'server_vad', silence_duration_ms: 600 } });
      const clip = target.clips.a.audio(24000);
      const audio = new Float32Array(clip.length + 24000 * 2);
      audio.set(clip, 12000);
      const from = client.events.length;
      append(client, audio, { type: 'audio/pcm', rate: 24000 }, 30);
      const stopped = await client.next('input_audio_buffer.speech_stopped', T, from);
      const end = speechEndMs(audio, 24000);
      // OpenAI: the end of the audio sent to the model for the turn, silence_duration_ms included.
      expect(stopped.audio_end_ms as number).toBeGreaterThanOrEqual(end + 600 - 200);
      expect(stopped.audio_end_ms as number).toBeLessThanOrEqual(end + 600 + 400);
      await finish(client);
    });

    it('include logprobs adds token logprobs to deltas and completed', async () => {
      const client = await configured({}, { include: ['item.input_audio_transcription.logprobs'] });
      const { completed, transcript } = await transcribe(client, target.clips.a);
      const logprobs = completed.logprobs as Array<{ token: string; logprob: number; bytes: number[] }>;
      expect(Array.isArray(logprobs)).toBe(true);
      expect(logprobs.length).toBeGreaterThan(0);
      for (const l of logprobs) expect(l.logprob).toBeLessThanOrEqual(0);
      expect(squash(logprobs.map((l) => l.token).join(''))).toBe(squash(transcript));
      await finish(client);
    });

    it('refuses language and languages together and keeps the session as it was', async () => {
      const client = await open();
      const from = client.events.length;
      client.send({
        type: 'session.update',
        session: {
          type: 'transcription',
          audio: { input: { transcription: { model: target.model, language: 'en', languages: ['en'] } } },
        },
      });
      expectEnvelope(await client.next('error', T, from));
      await expectQuiet(client, client.events.length);
      expect(client.ofType('session.updated')).toHaveLength(0);
      await finish(client);
    });

    earshot('accepts and echoes languages, keywords and delay', async () => {
      const client = await open();
      const updated = await configure(client, {
        transcription: { model: target.model, languages: ['en'], keywords: ['kitchen'], delay: 'high' },
      });
      expect(updated.type).toBe('session.updated');
      const t = (updated.session as { audio: { input: { transcription: Record<string, unknown> } } }).audio
        .input.transcription;
      expect(t).toMatchObject({ languages: ['en'], keywords: ['kitchen'], delay: 'high', language: null });
      await transcribe(client, target.clips.a);
      await finish(client);
    });

    earshot(
      'a clear after deltas ends the item with transcription.failed (input_audio_buffer_cleared)',
      async () => {
        const client = await configured();
        const samples = target.clips.long.audio(24000);
        await appendPaced(client, samples, 4800, 20);
        const delta = await client.next('conversation.item.input_audio_transcription.delta', T);
        const from = client.events.length;
        client.send({ type: 'input_audio_buffer.clear' });
        await client.next('input_audio_buffer.cleared', T, from);
        const failed = await client.next('conversation.item.input_audio_transcription.failed', T, from);
        expect(failed.item_id).toBe(delta.item_id);
        expect((failed.error as { code: string }).code).toBe('input_audio_buffer_cleared');
        await finish(client);
      },
    );

    if (target.connectWithQuery !== undefined) {
      const connectWithQuery = target.connectWithQuery.bind(target);
      earshot('refuses ?intent=conversation with not_supported on intent, then close 4000', async () => {
        const client = new TestClient(track(await connectWithQuery('intent=conversation')));
        const error = expectEnvelope(await client.next('error', T));
        expect(error.code).toBe('not_supported');
        expect(error.param).toBe('intent');
        expect((await client.waitClosed(T)).code).toBe(4000);
        expect(client.violations).toEqual([]);
      });
      it('opens a transcription session for ?intent=transcription and for ?model=…', async () => {
        for (const query of ['intent=transcription', `model=${encodeURIComponent(target.model)}`]) {
          const client = new TestClient(track(await connectWithQuery(query)));
          const created = await client.next('session.created', T);
          expect((created.session as { type: string }).type).toBe('transcription');
          await finish(client);
        }
      });
    }
  });

  describe('limits and lifecycle', () => {
    it('#34 accepts an append of about 1 MiB when the event limit allows it', async () => {
      const client = await configured();
      const samples = Math.min(24000 * 16, Math.floor((target.limits.maxEventBytes * 0.7) / 2));
      const from = client.events.length;
      append(client, new Float32Array(samples), { type: 'audio/pcm', rate: 24000 });
      client.send({ type: 'input_audio_buffer.clear' });
      await client.next('input_audio_buffer.cleared', T, from);
      expect(client.ofType('error')).toHaveLength(0);
      await finish(client);
    });

    it('#35 sequential open/close cycles keep working', async () => {
      for (let i = 0; i < 5; i++) {
        const client = await open();
        await finish(client);
      }
      const client = await open();
      expect((await configure(client)).type).toBe('session.updated');
      await finish(client);
    });

    it('#36 concurrent sessions get only their own transcript and distinct item ids', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      if (one === undefined || two === undefined) throw new Error('no clients');
      await Promise.all([configure(one), configure(two)]);
      const [ra, rb] = await Promise.all([transcribe(one, target.clips.a), transcribe(two, target.clips.b)]);
      expect(ra.committed.item_id).not.toBe(rb.committed.item_id);
      expectWer(target.clips.a, ra.transcript);
      expectWer(target.clips.b, rb.transcript);
      await finish(one);
      await finish(two);
    });

    earshot('sends earshot.transcription.partial only to clients that include it', async () => {
      // Both clients stream the clip paced and commit once partial decodes have run (a commit
      // abandons a partial decode still waiting); only the first asked for the extension event.
      const samples = target.clips.long.audio(24000);
      const client = await configured({}, { include: ['earshot.transcription.partial'] });
      await appendPaced(client, samples, 24000 / 5, 40);
      await client.next('earshot.transcription.partial', T);
      await commitAndWait(client);
      const partials = client.ofType('earshot.transcription.partial');
      expect(partials.length).toBeGreaterThan(0);
      for (const p of partials)
        expect(typeof p.stable === 'string' && typeof p.tentative === 'string').toBe(true);
      const plain = await configured();
      await appendPaced(plain, samples, 24000 / 5, 40);
      await plain.next('conversation.item.input_audio_transcription.delta', T);
      await commitAndWait(plain);
      expect(plain.ofType('earshot.transcription.partial')).toHaveLength(0);
      await finish(client);
      await finish(plain);
    });
  });
  return checks;
}
