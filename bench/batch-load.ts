/**
 * Cross-session batching, measured side by side: for each session count N, N concurrent
 * real-time sessions (24 kHz PCM16, 100 ms appends, ≈ 7.3 s utterances with a manual commit
 * each, started over the first second) against `earshot serve --batch 1` (decodes one at a time)
 * and `earshot serve --batch <B>` (up to B sessions' decodes in one model call), each mode a fresh
 * server, each with its own ONNX Runtime thread count (by default two for both, the best of each on
 * a 2-core machine since idle threads sleep instead of spinning: with spinning, one thread was the
 * serial queue's best). Prints, per mode and N: the sessions held (every item
 * completed within the grace period, no error), first delta p50/p95 (utterance start → its first
 * delta) and final p50/p95 (commit → completed), the model's busy share and the mean batch size;
 * then the largest N each mode holds within the latency targets (64 sessions: final p95 ≤ 0.5 s,
 * first delta p95 ≤ 2 s) and the ratio.
 *
 * Run: node --conditions=earshot-source --import tsx bench/batch-load.ts [--sessions 1,8,32,48,64,96,128]
 *        [--seconds 16] [--batch 32] [--serial-threads 2] [--batched-threads 2] [--model <folder|name>]
 * The bench's own clients share the machine with the server: on a small machine they take part
 * of its CPU (said in the output with the load average).
 */
import { parseArgs } from 'node:util';
import {
  metric,
  percentile,
  sessionModel,
  sleep,
  startServer,
  streamSession,
  utteranceFrames,
} from './realtime-load.ts';
import { machine } from './support.ts';

const { values: args } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1,8,32,48,64,96,128' },
    seconds: { type: 'string', default: '16' },
    batch: { type: 'string', default: '32' },
    'serial-threads': { type: 'string', default: '2' },
    'batched-threads': { type: 'string', default: '2' },
    model: { type: 'string' },
    grace: { type: 'string', default: '30' },
  },
});
const COUNTS = args.sessions.split(',').map(Number);
const SECONDS = Number(args.seconds);
const GRACE_MS = Number(args.grace) * 1000;
const TARGET = { finalP95: 500, firstDeltaP95: 2000 };

/** What one mode measured at one session count. */
interface Row {
  readonly sessions: number;
  readonly held: number;
  readonly firstDelta: { p50: number; p95: number };
  readonly final: { p50: number; p95: number };
  readonly busy: number;
  readonly meanBatch: number;
}

async function measure(batch: number, threads: string): Promise<Row[]> {
  const server = await startServer([
    '--threads',
    threads,
    '--batch',
    String(batch),
    ...(args.model === undefined ? [] : ['--model', args.model]),
    '--max-sessions',
    String(Math.max(...COUNTS) + 8),
    '--idle-timeout',
    '0',
  ]);
  const metrics = server.url.replace(/^ws/, 'http').replace(/\/v1\/realtime.*$/, '/metrics');
  const model = await sessionModel(server.url);
  const frames = utteranceFrames();
  const rows: Row[] = [];
  try {
    // Warm-up: one session, one utterance.
    await streamSession(server.url, model, frames, frames.length / 10 + 0.5, GRACE_MS);
    for (const sessions of COUNTS) {
      const busyBefore = await metric(metrics, 'earshot_decode_busy_seconds_total');
      const batchesBefore = await metric(metrics, 'earshot_decode_batches_total');
      const decodesBefore = await metric(metrics, 'earshot_decode_batch_rows_total');
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: sessions }, async (_, i) => {
          await sleep((i * 1000) / sessions);
          return streamSession(server.url, model, frames, SECONDS, GRACE_MS);
        }),
      );
      const wall = (performance.now() - started) / 1000;
      const busy = (await metric(metrics, 'earshot_decode_busy_seconds_total')) - busyBefore;
      const batches = (await metric(metrics, 'earshot_decode_batches_total')) - batchesBefore;
      const decodes = (await metric(metrics, 'earshot_decode_batch_rows_total')) - decodesBefore;
      const firstDelta = results.flatMap((r) => r.firstPartial);
      const final = results.flatMap((r) => r.final);
      const row: Row = {
        sessions,
        held: results.filter((r) => r.held).length,
        firstDelta: { p50: percentile(firstDelta, 50), p95: percentile(firstDelta, 95) },
        final: { p50: percentile(final, 50), p95: percentile(final, 95) },
        busy: busy / wall,
        meanBatch: batches > 0 ? decodes / batches : 1,
      };
      rows.push(row);
      console.log(`  ${label(batch)} ${format(row)}`);
      await sleep(1000);
    }
  } finally {
    server.child.kill('SIGTERM');
  }
  return rows;
}

const label = (batch: number) => (batch > 1 ? `batched (≤ ${batch})` : 'serial     ').padEnd(14);
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}`.padStart(6) : '     —');

function format(row: Row): string {
  return [
    `N=${String(row.sessions).padStart(3)}`,
    `held ${String(row.held).padStart(3)}/${row.sessions}`,
    `first delta p50/p95 ${ms(row.firstDelta.p50)} /${ms(row.firstDelta.p95)} ms`,
    `final p50/p95 ${ms(row.final.p50)} /${ms(row.final.p95)} ms`,
    `model busy ${(100 * row.busy).toFixed(0).padStart(3)} %`,
    `mean batch ${row.meanBatch.toFixed(1)}`,
  ].join(' | ');
}

/** Within the latency targets, with every session held. */
const meets = (row: Row) =>
  row.held === row.sessions && row.final.p95 <= TARGET.finalP95 && row.firstDelta.p95 <= TARGET.firstDeltaP95;

console.log(machine());
console.log(
  `${SECONDS} s of real-time speech per session; targets: final p95 ≤ ${TARGET.finalP95} ms, first delta p95 ≤ ${TARGET.firstDeltaP95} ms`,
);
console.log(
  `serial: --batch 1 --threads ${args['serial-threads']}; batched: --batch ${args.batch} --threads ${args['batched-threads']}`,
);
const serial = await measure(1, args['serial-threads']);
const batched = await measure(Number(args.batch), args['batched-threads']);
const most = (rows: Row[]) => Math.max(0, ...rows.filter(meets).map((r) => r.sessions));
const [s, b] = [most(serial), most(batched)];
console.log(
  `most sessions within the targets: serial ${s}, batched ${b}${s > 0 ? ` → ${(b / s).toFixed(1)}× (target ≥ 3×)` : ''}`,
);
const at64 = batched.find((r) => r.sessions === 64);
if (at64 !== undefined)
  console.log(`64 sessions batched: ${meets(at64) ? 'meets' : 'misses'} the targets (${format(at64)})`);
