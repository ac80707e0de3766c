import { encodePcm16 } from '@earshot/core/audio';
import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import { describe, expect, it } from 'vitest';
import {
  type ItemText,
  TranscriptionClient,
  type TranscriptionClientOptions,
} from '../../src/client/transcription-client.ts';
import { connectLocal } from '../support/local-connection.ts';

const recognizer = new ToneRecognizer({ decodeMs: 1 });

function tones(words: string[]): Uint8Array {
  return encodePcm16(speakTones(words, 24000));
}

/** A ready client on a new local connection, committing by hand (no turn detection). */
async function manualClient(options: TranscriptionClientOptions): Promise<TranscriptionClient> {
  const { socket } = connectLocal({ recognizer });
  const client = new TranscriptionClient(socket, { ...options, turnDetection: null });
  await client.ready;
  return client;
}

describe('TranscriptionClient', () => {
  it('configures the session, then turns a manual commit into a final item text', async () => {
    const finals: ItemText[] = [];
    const types: string[] = [];
    const client = await manualClient({
      onEvent: (e) => types.push(e.type),
      onFinal: (item) => finals.push(item),
    });
    client.append(tones(['alpha', 'bravo']));
    client.commit();
    await client.drain(5000);
    expect(finals.map((f) => f.final)).toEqual(['alpha bravo']);
    expect(types.slice(0, 3)).toEqual(['session.created', 'session.updated', 'input_audio_buffer.committed']);
    client.close();
  });

  it('shows stable and tentative text from earshot.transcription.partial while speaking', async () => {
    const texts: ItemText[] = [];
    const finals: ItemText[] = [];
    const client = await manualClient({
      onText: (item) => texts.push(item),
      onFinal: (item) => finals.push(item),
    });
    const long = tones('alpha bravo charlie delta echo foxtrot golf hotel'.split(' '));
    for (let i = 0; i < long.length; i += 9600) client.append(long.subarray(i, i + 9600));
    client.commit();
    await client.drain(5000);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.final === null)).toBe(true);
    expect(texts.some((t) => t.stable !== '' || t.tentative !== '')).toBe(true);
    expect(finals.map((f) => f.final)).toEqual(['alpha bravo charlie delta echo foxtrot golf hotel']);
    client.close();
  });

  it('drain resolves on an empty commit (the error answers it), reporting the code', async () => {
    const codes: string[] = [];
    const client = await manualClient({
      onError: (e) => codes.push(e.code),
    });
    client.commit();
    await client.drain(5000);
    expect(codes).toEqual(['input_audio_buffer_commit_empty']);
    client.close();
  });

  it('rejects ready with EARSHOT_ERR_CONNECTION when the connection fails', async () => {
    const { socket } = connectLocal({ recognizer, protocols: ['chat'] });
    const client = new TranscriptionClient(socket);
    await expect(client.ready).rejects.toMatchObject({ code: 'EARSHOT_ERR_CONNECTION' });
  });
});
