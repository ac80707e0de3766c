/** Graceful shutdown: work already received finishes, then every socket closes cleanly. */
import { encodeWavPcm16 } from '@earshot/core/audio';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_CLOSE } from '../src/index.ts';
import { jsonOf, openSocket } from './support/clients.ts';
import { startServer } from './support/server.ts';
import { busyAndIdle, tones } from './support/session.ts';

const T = 5000;

describe('EarshotServer.shutdown', () => {
  it('lets a committed item complete, then closes with 1001; idle sessions close at once', async () => {
    const recognizer = new ToneRecognizer({ decodeMs: 150 });
    const server = await startServer({ recognizer });
    const { busy, idle } = await busyAndIdle(
      server.realtimeUrl(),
      recognizer.model,
      'alpha bravo charlie',
      T,
    );
    const stopped = server.close();
    const completed = await busy.next('conversation.item.input_audio_transcription.completed', T);
    expect(completed.transcript).toBe('alpha bravo charlie');
    expect(await busy.waitClosed(T)).toEqual(SHUTDOWN_CLOSE);
    expect(await idle.waitClosed(T)).toEqual(SHUTDOWN_CLOSE);
    await stopped;
    expect(server.server.http.listening).toBe(false);
    await expect(openSocket(server.realtimeUrl())).rejects.toThrow();
  });

  it('lets a file transcription in progress finish', async () => {
    const recognizer = new ToneRecognizer({ decodeMs: 150 });
    const server = await startServer({ recognizer });
    const body = new FormData();
    body.append('model', recognizer.model);
    body.append('file', new Blob([encodeWavPcm16(tones('delta echo'), 24000)]), 'a.wav');
    const response = fetch(`${server.base}/v1/audio/transcriptions`, { method: 'POST', body });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = server.close();
    const res = await response;
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).text).toBe('delta echo');
    await stopped;
  });
});
