import { wireSessionUpdate } from '@earshot/testkit/conformance';
import { speakTones } from '@earshot/testkit/tones';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.ts';
import type { ServerEvent } from '../../src/protocol/index.ts';
import { harness } from '../support/session-harness.ts';

const SERVER_TYPES = new Set<string>([
  'error',
  'session.created',
  'session.updated',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.retrieved',
  'conversation.item.deleted',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'conversation.item.input_audio_transcription.failed',
  'earshot.transcription.partial',
]);

const templates: Array<Record<string, unknown>> = [
  {
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } },
    },
  },
  {
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcmu' }, transcription: { language: 'en' } } },
    },
  },
  {
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.3 } } },
      include: ['earshot.transcription.partial'],
    },
  },
  { type: 'input_audio_buffer.append', audio: 'AAAAAAAAAAAAAAAA' },
  { type: 'input_audio_buffer.append', audio: Buffer.from(new Uint8Array(4801).fill(7)).toString('base64') },
  { type: 'input_audio_buffer.commit', event_id: 'evt_x' },
  { type: 'input_audio_buffer.clear' },
  { type: 'conversation.item.retrieve', item_id: 'item_0001' },
  { type: 'conversation.item.delete', item_id: 'item_0002' },
];

/** Replaces a random path in `value` with `replacement`, or deletes it. */
function mutate(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (typeof value !== 'object' || value === null || path.length === 0) return replacement;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [head = 0, ...rest] = path;
  const index = head % entries.length;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as never)
    : { ...(value as object) };
  const [key, child] = entries[index] ?? ['', undefined];
  if (remove && rest.length === 0) delete copy[key];
  else copy[key] = mutate(child, rest, replacement, remove);
  return copy;
}

const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    null,
    -1,
    0,
    1e308,
    -0,
    15999,
    16000,
    48000,
    44100,
    '',
    '!!!',
    'audio/pcm',
    '__proto__',
    [],
  ),
  fc.string(),
);

const message = fc.oneof(
  // A valid template with one field replaced or removed.
  fc
    .record({
      template: fc.constantFrom(...templates),
      path: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
      replacement: anyJson,
      remove: fc.boolean(),
    })
    .map(({ template, path, replacement, remove }) =>
      JSON.stringify(mutate(template, path, replacement, remove)),
    ),
  // A valid template unchanged.
  fc.constantFrom(...templates).map((t) => JSON.stringify(t)),
  // Random JSON, and raw text that is rarely JSON.
  anyJson.map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '[]',
    'null',
    '{"type":{}}',
    '{"type":"session.update","session":{"type":"transcription","__proto__":{"x":1}}}',
  ),
);

function checkEvent(event: ServerEvent): void {
  expect(SERVER_TYPES.has(event.type)).toBe(true);
  expect(event.event_id).toMatch(/^event_/);
  if (event.type === 'error') {
    expect(Object.hasOwn(ERROR_CODES, event.error.code ?? '')).toBe(true);
    expect(typeof event.error.message).toBe('string');
    expect(event.error.param === null || typeof event.error.param === 'string').toBe(true);
    expect(event.error.event_id === null || typeof event.error.event_id === 'string').toBe(true);
    expect(event.error.type).toBe(ERROR_CODES[event.error.code as keyof typeof ERROR_CODES].type);
  }
}

describe('RealtimeSession under fuzzing', () => {
  it('answers 10,000 random and mutated messages with valid events or typed errors, then still transcribes', async () => {
    const h = harness();
    const samples = fc.sample(message, { numRuns: 10_000, seed: 20261125 });
    let binary = 0;
    for (const [i, text] of samples.entries()) {
      expect(() => h.session.handleText(text)).not.toThrow();
      if (i % 500 === 0) {
        h.session.handleBinary();
        binary++;
      }
      if (i % 200 === 0) await h.session.settled();
    }
    await h.session.settled();
    for (const event of h.events) checkEvent(event);
    const internal = h.ofType('error').filter((e) => e.error.code === 'server_error');
    expect(internal).toEqual([]);
    expect(h.ofType('error').length).toBeGreaterThan(binary);

    // The session still works: reset to a known config and transcribe.
    const from = h.events.length;
    h.send({ type: 'input_audio_buffer.clear' });
    h.send(wireSessionUpdate({ transcription: { language: 'en' } }));
    h.append(speakTones(['hotel', 'golf'], 24000));
    h.send({ type: 'input_audio_buffer.commit' });
    await h.session.settled();
    const completed = h.events
      .slice(from)
      .find((e) => e.type === 'conversation.item.input_audio_transcription.completed');
    expect(completed && 'transcript' in completed ? completed.transcript : null).toBe('hotel golf');
  }, 120_000);
});
