// The host helper both hosts use: the session length it advertises is enforced, the idle timeout
// ends a silent client and spares a busy one, endings are error-then-close, and end() stops it all.

import { ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { closingError } from '../../src/errors/index.ts';
import type { ServerEvent } from '../../src/protocol/index.ts';
import { refuseConnection, SessionHost } from '../../src/session/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hosted(limits: ConstructorParameters<typeof SessionHost>[1]['limits']) {
  const events: ServerEvent[] = [];
  const closes: Array<[number, string]> = [];
  const host = new SessionHost(
    { send: (event) => events.push(event), close: (code, reason) => closes.push([code, reason]) },
    { recognizer: new ToneRecognizer(), limits },
  );
  return { host, events, closes };
}

const errorCodes = (events: ServerEvent[]) =>
  events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));

describe('SessionHost', () => {
  it('ends the session at its maximum length: session_expired, then close 4000', async () => {
    const { events, closes } = hosted({ maxSessionSeconds: 0.05, idleTimeoutSeconds: 0 });
    await sleep(120);
    expect(errorCodes(events)).toEqual(['session_expired']);
    expect(closes).toEqual([[4000, 'invalid_request_error.session_expired']]);
  });

  it('ends a silent client with idle_timeout and spares one that keeps sending', async () => {
    // Generous margins: the busy client sends every 20 ms against a 300 ms timeout.
    const silent = hosted({ idleTimeoutSeconds: 0.3 });
    const busy = hosted({ idleTimeoutSeconds: 0.3 });
    for (let i = 0; i < 30; i++) {
      busy.host.receiveText('{"type":"input_audio_buffer.clear"}');
      await sleep(20);
    }
    expect(errorCodes(silent.events)).toEqual(['idle_timeout']);
    expect(silent.closes.map(([code]) => code)).toEqual([4000]);
    expect(busy.closes).toEqual([]);
    busy.host.end();
  });

  it('stops every timer and ignores frames once ended', async () => {
    const { host, events, closes } = hosted({ maxSessionSeconds: 0.05, idleTimeoutSeconds: 0.05 });
    host.end();
    host.receiveText('{"type":"input_audio_buffer.clear"}');
    await sleep(120);
    expect(events.filter((e) => e.type !== 'session.created')).toEqual([]);
    expect(closes).toEqual([]);
  });
});

describe('refuseConnection', () => {
  it('sends one error event in the OpenAI envelope, then the close of its code', () => {
    const sent: string[] = [];
    const closes: Array<[number, string]> = [];
    refuseConnection(
      { send: (text) => sent.push(text), close: (code, reason) => closes.push([code, reason]) },
      closingError('too_many_sessions', 'full'),
    );
    expect(sent.map((t) => JSON.parse(t) as { type: string; error: { code: string } })).toMatchObject([
      { type: 'error', error: { code: 'too_many_sessions', message: 'full' } },
    ]);
    expect(closes).toEqual([[4000, 'rate_limit_error.too_many_sessions']]);
  });
});
