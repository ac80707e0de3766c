/**
 * Server load: `earshot serve` (a child process run through tsx, embedded model, one ORT thread) with N concurrent sessions each
 * streaming real-time speech (24 kHz PCM16, 100 ms appends, a manual commit per utterance).
 * Prints the sessions held to the end, p50/p95 first-partial and final latency, the WebSocket
 * overhead against a bare `ws` echo (and a bare sink) of the same frames, and the resident memory
 * per idle session. Baseline servers: bench/server-load-bare.ts. For sizing a fleet it also prints,
 * over the concurrent phase, the server's CPU seconds per second of streamed audio and the share of
 * time its model was busy (`earshot_decode_busy_seconds_total`), from which the sessions one
 * replica and one core carry follow (docs/guides/scaling.md).
 *
 * Run: node --conditions=earshot-source --import tsx bench/server-load.ts [--sessions 6] [--seconds 24] [--idle 500] [--overhead true]
 *        [--model <folder|name>] [--threads 1] [--batch 32]
 * (--idle 0 and --overhead false leave out the memory and WebSocket overhead parts; --model,
 * --threads and --batch go to `earshot serve`: the embedded model, one ORT thread and its default
 * batching by default. bench/batch-load.ts compares batched and serial decoding.)
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import {
  FRAME_MS,
  metric,
  percentile,
  RATE,
  sleep,
  startChild,
  startServer,
  streamSession,
  utteranceFrames,
} from './realtime-load.ts';

const { values: args } = parseArgs({
  options: {
    sessions: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '24' },
    idle: { type: 'string', default: '500' },
    frames: { type: 'string', default: '2000' },
    overhead: { type: 'string', default: 'true' },
    model: { type: 'string' },
    threads: { type: 'string', default: '1' },
    batch: { type: 'string', default: '32' },
  },
});
const SESSIONS = Number(args.sessions);
const SECONDS = Number(args.seconds);
const IDLE = Number(args.idle);
const FRAMES = Number(args.frames);
const OVERHEAD = args.overhead !== 'false';
const BARE = new URL('./server-load-bare.ts', import.meta.url).pathname;

type Event = { type: string; item_id?: string; at: number } & Record<string, unknown>;

/** One overhead run: wall time and server CPU time, in ms. */
type Run = { wall: number; cpu: number };

const median = (values: number[]) => percentile(values, 50);

/** Opens a socket and records every server event with its arrival time. */
async function connect(url: string): Promise<{ ws: WebSocket; events: Event[] }> {
  const ws = new WebSocket(url);
  const events: Event[] = [];
  ws.on('message', (data) =>
    events.push({ ...(JSON.parse(data.toString()) as Event), at: performance.now() }),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, events };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

function configure(ws: WebSocket, model: string | null): void {
  const transcription = model === null ? null : { model, language: 'en' };
  ws.send(
    JSON.stringify({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: { input: { format: { type: 'audio/pcm', rate: RATE }, transcription, turn_detection: null } },
      },
    }),
  );
}

/** How a target server reports its CPU time, in seconds. */
type CpuProbe = (ws: WebSocket, events: Event[]) => Promise<number>;

/** CPU seconds of a bare baseline server (it answers `bench.cpu` frames). */
const bareCpu: CpuProbe = async (ws, events) => {
  const from = events.length;
  ws.send('{"type":"bench.cpu"}');
  await until(() => events.slice(from).some((e) => e.type === 'bench.cpu'), 10_000);
  return Number(events.slice(from).find((e) => e.type === 'bench.cpu')?.seconds);
};

/** CPU seconds of the Earshot server (`process_cpu_seconds_total` of its `/metrics`). */
const earshotCpu =
  (metrics: string): CpuProbe =>
  async () => {
    const text = await (await fetch(metrics)).text();
    return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  };

/**
 * Pushes `FRAMES` append frames then a `clear`, until the reply to the clear (`cleared` from a
 * session, or the clear's echo); resolves to the wall time and the server's CPU time, in ms.
 */
async function pushFrames(
  url: string,
  reply: 'cleared' | 'echo',
  frames: string[],
  cpu: CpuProbe,
): Promise<{ wall: number; cpu: number }> {
  const { ws, events } = await connect(url);
  if (reply === 'cleared') {
    await until(() => events.length > 0, 10_000);
    configure(ws, null);
    await until(() => events.some((e) => e.type === 'session.updated'), 10_000);
  }
  const texts = Array.from({ length: FRAMES }, (_, i) =>
    JSON.stringify({ type: 'input_audio_buffer.append', audio: frames[i % frames.length] }),
  );
  const cpuBefore = await cpu(ws, events);
  const start = performance.now();
  for (const text of texts) ws.send(text);
  ws.send(JSON.stringify({ type: 'input_audio_buffer.clear' }));
  const target = reply === 'cleared' ? 'input_audio_buffer.cleared' : 'input_audio_buffer.clear';
  await until(() => events.some((e) => e.type === target), 60_000);
  const wall = performance.now() - start;
  const cpuAfter = await cpu(ws, events);
  ws.close(1000);
  return { wall, cpu: (cpuAfter - cpuBefore) * 1000 };
}

/** Resident memory and used heap of the server, in bytes, from its `/metrics`. */
async function memory(metrics: string): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(metrics)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: value('process_resident_memory_bytes'), heap: value('nodejs_heap_size_used_bytes') };
}

/** Opens `count` idle sessions (each waits for `session.created`). */
async function openIdle(url: string, count: number): Promise<Array<{ ws: WebSocket; events: Event[] }>> {
  const sessions: Array<{ ws: WebSocket; events: Event[] }> = [];
  for (let i = 0; i < count; i++) sessions.push(await connect(url));
  await until(() => sessions.every((c) => c.events.length > 0), 60_000);
  return sessions;
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), node ${process.version}, load ${loadavg()[0]?.toFixed(2)}`,
  );
  const server = await startServer([
    '--threads',
    args.threads,
    '--batch',
    args.batch,
    ...(args.model === undefined ? [] : ['--model', args.model]),
    '--max-sessions',
    String(IDLE + SESSIONS + 8),
    '--idle-timeout',
    '0',
  ]);
  const realtime = server.url;
  const metrics = realtime.replace(/^ws/, 'http').replace(/\/v1\/realtime.*$/, '/metrics');
  try {
    const probe = await connect(realtime);
    await until(() => probe.events.length > 0, 10_000);
    const session = probe.events[0]?.session as { audio: { input: { transcription: { model: string } } } };
    const model = session.audio.input.transcription.model;
    probe.ws.close(1000);
    console.log(
      `model: ${model}; ${SESSIONS} sessions × ${SECONDS} s of real-time 24 kHz audio, ${FRAME_MS} ms appends`,
    );
    const frames = utteranceFrames();

    const ms = (v: number) => `${v.toFixed(0)} ms`;

    if (OVERHEAD) {
      // WebSocket overhead (first, while every server is fresh): the same frames through Earshot
      // (transcription off) and through bare ws servers started the same way; 2 warm-up rounds, then
      // the median of 7.
      const bare = (mode: string) =>
        startChild(['--conditions=earshot-source', '--import', 'tsx', BARE, mode], /(ws:\/\/\S+)/);
      const baselines = { session: await bare('session'), echo: await bare('echo') };
      const runs = { earshot: [] as Run[], session: [] as Run[], echo: [] as Run[] };
      for (let r = 0; r < 9; r++) {
        const round = {
          earshot: await pushFrames(realtime, 'cleared', frames, earshotCpu(metrics)),
          session: await pushFrames(baselines.session.url, 'cleared', frames, bareCpu),
          echo: await pushFrames(baselines.echo.url, 'echo', frames, bareCpu),
        };
        if (r < 2) continue;
        for (const key of ['earshot', 'session', 'echo'] as const) runs[key].push(round[key]);
      }
      for (const baseline of Object.values(baselines)) baseline.child.kill();
      const stat = (key: keyof typeof runs, field: keyof Run) => median(runs[key].map((run) => run[field]));
      console.log(
        `WebSocket overhead, ${FRAMES} append frames of ${FRAME_MS} ms each, median of 7 (server CPU | wall):`,
      );
      for (const [key, label] of [
        ['session', 'bare ws + the same core session'],
        ['echo', 'bare ws echo (no session work)'],
      ] as const) {
        const cpuRatio = stat('earshot', 'cpu') / stat(key, 'cpu');
        const wallRatio = stat('earshot', 'wall') / stat(key, 'wall');
        console.log(
          `  earshot ${ms(stat('earshot', 'cpu'))} | ${ms(stat('earshot', 'wall'))} vs ${label} ${ms(stat(key, 'cpu'))} | ${ms(stat(key, 'wall'))} → ${cpuRatio.toFixed(2)}× CPU, ${wallRatio.toFixed(2)}× wall${key === 'session' ? ' (target ≤ 1.05×)' : ''}`,
        );
      }
    }

    if (IDLE > 0) {
      // Memory per idle session (after a warm-up round).
      for (const c of await openIdle(realtime, 50)) c.ws.close(1000);
      await sleep(2000);
      const before = await memory(metrics);
      const idle = await openIdle(realtime, IDLE);
      await sleep(2000);
      const after = await memory(metrics);
      for (const c of idle) c.ws.close(1000);
      const kib = (bytes: number) => `${(bytes / IDLE / 1024).toFixed(0)} KiB`;
      console.log(
        `idle sessions: ${IDLE}; per idle session: resident ${kib(after.rss - before.rss)} (target < 2048 KiB), JS heap ${kib(after.heap - before.heap)}`,
      );
      await sleep(1000);
    }

    // Concurrent real-time sessions.
    const cpuBefore = await metric(metrics, 'process_cpu_seconds_total');
    const busyBefore = await metric(metrics, 'earshot_decode_busy_seconds_total');
    const wallStart = performance.now();
    const results = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        await sleep((i * 1000) / SESSIONS);
        return streamSession(realtime, model, frames, SECONDS);
      }),
    );
    const wall = (performance.now() - wallStart) / 1000;
    const cpu = (await metric(metrics, 'process_cpu_seconds_total')) - cpuBefore;
    const busy = (await metric(metrics, 'earshot_decode_busy_seconds_total')) - busyBefore;
    const audio = results.reduce((n, r) => n + r.audioSeconds, 0);
    const firstPartial = results.flatMap((r) => r.firstPartial);
    const final = results.flatMap((r) => r.final);
    console.log(
      `sessions held: ${results.filter((r) => r.held).length}/${SESSIONS}, items completed: ${results.reduce((n, r) => n + r.transcripts, 0)}`,
    );
    console.log(`first transcript of session 1: "${results[0]?.sample}"`);
    console.log(
      `first partial (utterance start → first delta): p50 ${ms(median(firstPartial))}, p95 ${ms(percentile(firstPartial, 95))}`,
    );
    console.log(`final (commit → completed): p50 ${ms(median(final))}, p95 ${ms(percentile(final, 95))}`);
    console.log(
      `server CPU: ${cpu.toFixed(1)} s over ${wall.toFixed(1)} s for ${audio.toFixed(0)} s of audio → ${(cpu / audio).toFixed(3)} CPU s per audio s (${(audio / cpu).toFixed(1)} streams of continuous speech per core)`,
    );
    console.log(
      `model busy: ${busy.toFixed(1)} s of ${wall.toFixed(1)} s (${((100 * busy) / wall).toFixed(0)} %), ${(busy / audio).toFixed(3)} busy s per audio s`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    server.child.kill('SIGTERM');
  }
}

await main();
