import { BatchQueue, type BatchQueueSettings, type JobOutcome } from '@earshot/core/engine';
import { describe, expect, it } from 'vitest';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * A queue whose runner records each batch's jobs and answers `job!` (or fails the job 'bad');
 * `settings` default to a wait of 0; `hold` delays a batch (the runner is busy meanwhile).
 */
function recordingQueue(
  settings: Partial<BatchQueueSettings<string>> & { maxBatch: number },
  hold: (jobs: readonly string[]) => Promise<unknown> = tick,
) {
  const batches: string[][] = [];
  let running = 0;
  let most = 0;
  const queue = new BatchQueue<string, string>(
    async (jobs) => {
      running++;
      most = Math.max(most, running);
      batches.push([...jobs]);
      await hold(jobs);
      running--;
      return jobs.map(
        (job): JobOutcome<string> =>
          job === 'bad' ? { ok: false, error: new Error('bad row') } : { ok: true, result: `${job}!` },
      );
    },
    { waitMs: 0, ...settings },
  );
  return { queue, batches, most: () => most };
}

describe('BatchQueue', () => {
  it('counts the jobs waiting apart from those in the running batch', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { queue } = recordingQueue({ maxBatch: 2 }, () => held);
    const lanes = [queue.lane(), queue.lane(), queue.lane()];
    const all = lanes.map((lane, i) => lane(`j${i}`));
    expect(queue.waiting).toBe(3);
    await tick();
    await tick();
    // Two run in a batch; one waits for the next.
    expect([queue.depth, queue.waiting]).toEqual([3, 1]);
    release();
    await Promise.all(all);
    expect([queue.depth, queue.waiting]).toEqual([0, 0]);
  });

  it('batches one job per lane, lanes in turn order, each lane in order, one batch at a time', async () => {
    const { queue, batches, most } = recordingQueue({ maxBatch: 3 });
    const flood = queue.lane();
    const a = queue.lane();
    const b = queue.lane();
    const c = queue.lane();
    const all = [...['f0', 'f1', 'f2'].map((j) => flood(j)), a('a0'), b('b0'), c('c0'), a('a1')];
    expect(queue.depth).toBe(7);
    expect(await Promise.all(all)).toEqual(['f0!', 'f1!', 'f2!', 'a0!', 'b0!', 'c0!', 'a1!']);
    expect(most()).toBe(1);
    // The flooding lane takes one row per batch; lanes that waited rejoin the end of the rotation.
    expect(batches).toEqual([['f0', 'a0', 'b0'], ['c0', 'f1', 'a1'], ['f2']]);
    expect(queue.stats).toEqual({ batches: 3, jobs: 7, largest: 3 });
    expect(queue.depth).toBe(0);
  });

  it('runs class-0 jobs (finals) in a batch of their own first, one job per lane', async () => {
    const { queue, batches } = recordingQueue({
      maxBatch: 2,
      priority: (job) => (job.startsWith('final') ? 0 : 1),
    });
    const lanes = Array.from({ length: 4 }, () => queue.lane());
    const jobs = [
      lanes[0]?.('p0'),
      lanes[1]?.('p1'),
      lanes[2]?.('final2'),
      lanes[3]?.('final3'),
      lanes[3]?.('final3b'),
    ];
    await Promise.all(jobs);
    // The two finals go first, alone; lane 3's next final, back in the rotation after its first,
    // goes ahead of the partials still waiting, which keep their turn order.
    expect(batches).toEqual([['final2', 'final3'], ['final3b'], ['p0', 'p1']]);
  });

  it('fills a batch by class, then turn order; class 0 absent, classes mix', async () => {
    const { queue, batches } = recordingQueue({
      maxBatch: 3,
      priority: (job) => (job.startsWith('fresh') ? 1 : 2),
    });
    const names = ['late0', 'late1', 'fresh2', 'late3', 'fresh4'];
    await Promise.all(names.map((name) => queue.lane()(name)));
    expect(batches).toEqual([
      ['fresh2', 'fresh4', 'late0'],
      ['late1', 'late3'],
    ]);
  });

  it('waits waitMs on an idle queue for jobs to batch with', async () => {
    const { queue, batches } = recordingQueue({ maxBatch: 8, waitMs: 30 });
    const first = queue.lane()('x');
    await tick();
    const second = queue.lane()('y');
    await Promise.all([first, second]);
    expect(batches).toEqual([['x', 'y']]);
  });

  it("rejects only a failed row's job, and every job of a batch that throws, and keeps serving", async () => {
    const { queue } = recordingQueue({ maxBatch: 4 });
    const bad = queue.lane()('bad');
    const good = queue.lane()('good');
    await expect(bad).rejects.toThrow('bad row');
    await expect(good).resolves.toBe('good!');

    const broken = new BatchQueue<number, number>(
      async (jobs) => {
        if (jobs.includes(0)) throw new Error('runner failed');
        return jobs.map((j) => ({ ok: true, result: j }));
      },
      { maxBatch: 2, waitMs: 0 },
    );
    const lanes = [broken.lane(), broken.lane()];
    const failing = [lanes[0]?.(0), lanes[1]?.(1)];
    for (const job of failing) await expect(job).rejects.toThrow('runner failed');
    await expect(lanes[0]?.(5)).resolves.toBe(5);
    expect(broken.depth).toBe(0);
  });

  it('a job aborted while it waits leaves its lane at once, rejecting with the reason; the others run', async () => {
    const signals = new Map<string, AbortSignal>();
    const { queue, batches } = recordingQueue({ maxBatch: 1, signals: (job) => [signals.get(job)] });
    const stop = new AbortController();
    signals.set('partial', stop.signal);
    const first = queue.lane()('running');
    const lane = queue.lane();
    const partial = lane('partial');
    const final = lane('final');
    stop.abort(new Error('superseded'));
    await expect(partial).rejects.toThrow('superseded');
    expect(queue.depth).toBe(2);
    await Promise.all([first, final]);
    expect(batches).toEqual([['running'], ['final']]);
    const late = new AbortController();
    late.abort(new Error('already off'));
    signals.set('late', late.signal);
    await expect(queue.lane()('late')).rejects.toThrow('already off');
    expect(queue.depth).toBe(0);
  });

  it('a superseded job leaves only while it waits behind a running batch; on an idle queue it runs', async () => {
    const superseded = new Map<string, AbortSignal>();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { queue, batches } = recordingQueue(
      { maxBatch: 4, waitMs: 5, superseded: (job) => superseded.get(job) },
      (jobs) => (jobs.includes('running') ? gate : tick()),
    );
    // Idle queue, in its batching wait: the job runs, as on a serial queue.
    const idle = new AbortController();
    superseded.set('lone', idle.signal);
    const lone = queue.lane()('lone');
    idle.abort(new Error('committed'));
    await expect(lone).resolves.toBe('lone!');
    // Behind a running batch: the superseded job leaves at once.
    const busy = new AbortController();
    superseded.set('partial', busy.signal);
    const running = queue.lane()('running');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const partial = queue.lane()('partial');
    busy.abort(new Error('committed'));
    await expect(partial).rejects.toThrow('committed');
    open();
    await running;
    expect(batches).toEqual([['lone'], ['running']]);
    expect(queue.depth).toBe(0);
  });

  it('refuses a maxBatch below 1', () => {
    expect(() => new BatchQueue(async () => [], { maxBatch: 0, waitMs: 0 })).toThrow(RangeError);
  });
});
