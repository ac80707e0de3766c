/**
 * `earshot serve` as a real process on the embedded model: it prints its URLs, serves a session,
 * and on SIGTERM lets the committed item complete before closing cleanly and exiting 0.
 */
import { resampleClip } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_CLOSE } from '../src/index.ts';
import { openClient } from './support/clients.ts';
import { fixture16k, MODEL_MISSING, MODEL_READY } from './support/model.ts';
import { spawnServe } from './support/processes.ts';
import { appendAudio, configure } from './support/session.ts';

describe.skipIf(!MODEL_READY)(`earshot serve process${MODEL_READY ? '' : ` — ${MODEL_MISSING}`}`, () => {
  it('serves the embedded model and shuts down gracefully on SIGTERM', async () => {
    const { child, realtime, exited } = await spawnServe(['--log-level', 'warn'], 30_000);
    expect(realtime).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?intent=transcription$/);
    const client = await openClient(realtime);
    const created = await client.next('session.created', 10_000);
    const model = (created.session as { audio: { input: { transcription: { model: string } } } }).audio.input
      .transcription.model;
    await configure(client, model);
    appendAudio(client, resampleClip(fixture16k('kitchen-lights'), 16000, 24000));
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('input_audio_buffer.committed', 10_000);
    child.kill('SIGTERM');
    const completed = await client.next('conversation.item.input_audio_transcription.completed', 30_000);
    expect(typeof completed.transcript).toBe('string');
    expect(await client.waitClosed(10_000)).toEqual(SHUTDOWN_CLOSE);
    expect(await exited).toBe(0);
  });
});
