/** TEST ONLY: a `RealtimeSession` wired to an array of events, with helpers to drive it. */

import { ToneRecognizer } from '@earshot/testkit/tones';
import { encodeBase64, encodePcm16 } from '../../src/audio/index.ts';
import type { ServerEvent } from '../../src/protocol/index.ts';
import { sequentialIds } from '../../src/protocol/index.ts';
import { RealtimeSession, type RealtimeSessionOptions } from '../../src/session/index.ts';

export interface Harness {
  readonly session: RealtimeSession;
  readonly events: ServerEvent[];
  readonly recognizer: ToneRecognizer;
  readonly closes: Array<{ code: number; reason: string }>;
  /** Sends a client event object as JSON. */
  send(event: Record<string, unknown>): void;
  /** Appends float audio as PCM16 at the session rate, in `chunks` appends. */
  append(samples: Float32Array, chunks?: number): void;
  /** Appends float audio in pieces of `step` samples (default 100 ms at 24 kHz), letting the session settle after each. */
  appendSettled(samples: Float32Array, step?: number): Promise<void>;
  /** Events of one type. */
  ofType<T extends ServerEvent['type']>(type: T): Array<Extract<ServerEvent, { type: T }>>;
}

/** A session in manual-commit mode at 24 kHz unless `options.turnDetection` says otherwise. */
export function harness(
  recognizer = new ToneRecognizer(),
  options: Partial<Omit<RealtimeSessionOptions, 'send' | 'close' | 'recognizer'>> = {},
): Harness {
  const events: ServerEvent[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  const session = new RealtimeSession({
    recognizer,
    ids: sequentialIds(),
    turnDetection: null,
    ...options,
    send: (event) => events.push(event),
    close: (code, reason) => closes.push({ code, reason }),
  });
  const send = (event: Record<string, unknown>) => session.handleText(JSON.stringify(event));
  const append = (samples: Float32Array, chunks = 1) => {
    const bytes = encodePcm16(samples);
    const step = Math.ceil(bytes.length / chunks);
    for (let i = 0; i < bytes.length; i += step) {
      send({ type: 'input_audio_buffer.append', audio: encodeBase64(bytes.subarray(i, i + step)) });
    }
  };
  return {
    session,
    events,
    recognizer,
    closes,
    send,
    append,
    async appendSettled(samples, step = 2400) {
      for (let i = 0; i < samples.length; i += step) {
        append(samples.subarray(i, i + step));
        await session.settled();
      }
    },
    ofType: (type) => events.filter((e) => e.type === type) as never,
  };
}
