import { describe, expect, it } from 'vitest';
import { WorkerLoss } from '../../src/worker/worker-loss.ts';
import { never } from '../support/fake-worker.ts';

describe('WorkerLoss.guard', () => {
  it('settles as the call does while the Worker runs', async () => {
    const loss = new WorkerLoss();
    await expect(loss.guard(async () => 7)).resolves.toBe(7);
    await expect(loss.guard(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(loss.error).toBeNull();
  });

  it('rejects calls pending at the loss, and every later call, with EARSHOT_ERR_WORKER_LOST', async () => {
    const loss = new WorkerLoss();
    const pending = [loss.guard(() => never()), loss.guard(() => never())];
    const error = loss.lose('crashed');
    expect(error.code).toBe('EARSHOT_ERR_WORKER_LOST');
    expect(error.info.closeCode).toBe(1011);
    for (const call of pending) await expect(call).rejects.toBe(error);
    await expect(loss.guard(async () => 1)).rejects.toBe(error);
    expect(loss.lose('again')).toBe(error); // once
  });

  it('tells a port tracked after the loss at once', async () => {
    const loss = new WorkerLoss();
    loss.lose('gone');
    const channel = new MessageChannel();
    const seen = new Promise<unknown>((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    loss.track(channel.port1);
    expect(await seen).toMatchObject({ earshot: 'lost', close: { code: 1011 } });
    channel.port1.close();
  });
});
