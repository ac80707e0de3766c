/**
 * TEST ONLY: real processes for the deployment tests: `earshot serve` (embedded model, one ORT
 * thread) and other `earshot` commands, `npm run transcribe`'s script, HAProxy on `deploy/haproxy/haproxy.cfg`, free loopback ports, and HAProxy's view of
 * its servers (the stats CSV).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/earshot.mjs', import.meta.url));

/**
 * Node's arguments that run `npm run transcribe`'s script from source, as the root package.json
 * does (from the repository root); the script's own arguments follow.
 */
export const TRANSCRIBE_SCRIPT = ['--conditions=earshot-source', '--import', 'tsx', 'scripts/transcribe.ts'];

/** The repository's `deploy/` folder. */
export const DEPLOY_DIR = fileURLToPath(new URL('../../../../deploy/', import.meta.url));

/**
 * Runs `earshot` with `args` without blocking this process (which may be serving what the command
 * talks to); resolves to its exit status and output once it exits.
 */
export function runEarshot(
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A running `earshot serve`. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** The realtime URL it printed, e.g. `ws://127.0.0.1:41234/v1/realtime?intent=transcription`. */
  readonly realtime: string;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly port: number;
  /** Resolves to the exit code (-1 when killed by a signal). */
  readonly exited: Promise<number>;
}

/** Starts `earshot serve` on a free loopback port with `args`; resolves once it printed its URLs. */
export async function spawnServe(args: readonly string[], timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--threads', '1', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  let stderr = '';
  const realtime = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL printed: ${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Realtime WebSocket\s+(\S+)/.exec(stderr);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited early: ${stderr}`));
    });
  });
  const url = new URL(realtime);
  return {
    child,
    realtime,
    base: `http://${url.host}`,
    port: Number(url.port),
    exited,
  };
}

/** True when a `haproxy` binary runs (`haproxy -v`). */
export function haproxyInstalled(): boolean {
  return spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** True when an `nginx` binary runs (`nginx -v`). */
export function nginxInstalled(): boolean {
  return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** A free loopback TCP port (bound, then released: another process could take it, which is rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running HAProxy. */
export interface HaproxyProcess {
  readonly child: ChildProcess;
  /** `ws://127.0.0.1:<port>/v1/realtime?intent=transcription` through the balancer. */
  readonly realtime: string;
  /** `http://127.0.0.1:<port>` of the stats frontend. */
  readonly stats: string;
  /** What HAProxy wrote on stderr so far (warnings, alerts). */
  stderr(): string;
}

/** Starts `haproxy -db -f deploy/haproxy/haproxy.cfg` with `env` (its `${VAR}`s) on free loopback ports. */
export async function spawnHaproxy(env: Record<string, string>): Promise<HaproxyProcess> {
  const [lb, stats] = [await freePort(), await freePort()];
  const child = spawn('haproxy', ['-db', '-f', `${DEPLOY_DIR}haproxy/haproxy.cfg`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      EARSHOT_LB_BIND: `127.0.0.1:${lb}`,
      EARSHOT_LB_STATS_BIND: `127.0.0.1:${stats}`,
      EARSHOT_LB_MAXCONN: '256',
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    realtime: `ws://127.0.0.1:${lb}/v1/realtime?intent=transcription`,
    stats: `http://127.0.0.1:${stats}`,
    stderr: () => stderr,
  };
}

/** HAProxy's state of each server of backend `earshot` (`UP`, `DOWN`, …) with its last check status (`L7OK`, …). */
export async function backendStates(
  haproxy: HaproxyProcess,
): Promise<Map<string, { status: string; check: string }>> {
  const text = await (await fetch(`${haproxy.stats}/stats;csv`)).text();
  const [header = '', ...rows] = text.split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  const states = new Map<string, { status: string; check: string }>();
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[at('pxname')] !== 'earshot') continue;
    const name = cells[at('svname')] ?? '';
    if (name === 'FRONTEND' || name === 'BACKEND') continue;
    states.set(name, { status: cells[at('status')] ?? '', check: cells[at('check_status')] ?? '' });
  }
  return states;
}

/** Kills `child` with `signal` unless it already exited; resolves once it is gone. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await gone;
}
