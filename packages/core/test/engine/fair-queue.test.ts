import { FairQueue } from '@earshot/core/engine';
import { describe, expect, it } from 'vitest';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('FairQueue', () => {
  it('runs one job at a time, each lane in order, lanes taking turns (not first come first served)', async () => {
    const queue = new FairQueue();
    const flood = queue.lane();
    const canary = queue.lane();
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      order.push(name);
      running--;
    };
    const all = Array.from({ length: 5 }, (_, i) => flood(job(`flood${i}`)));
    all.push(canary(job('canary0')), canary(job('canary1')));
    expect(queue.depth).toBe(7);
    // One runs, six wait.
    expect(queue.waiting).toBe(6);
    await Promise.all(all);
    expect(queue.waiting).toBe(0);
    expect(most).toBe(1);
    // The canary waits for one flood job per turn, not for all five.
    expect(order).toEqual(['flood0', 'canary0', 'flood1', 'canary1', 'flood2', 'flood3', 'flood4']);
    expect(queue.depth).toBe(0);
  });

  it("rejects only the failing job's promise and keeps serving", async () => {
    const queue = new FairQueue();
    const lane = queue.lane();
    const failed = lane(() => Promise.reject(new Error('boom')));
    const next = lane(() => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
    await expect(queue.lane()(() => 'later')).resolves.toBe('later');
  });
});
