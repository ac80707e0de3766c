/**
 * `earshot conformance <ws-url>`: runs the Realtime transcription conformance suite against any
 * server — Earshot's, OpenAI's, another implementation — over real WebSockets, and prints one
 * line per check. Exit code 1 when a check fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  type CheckProfile,
  type ConformanceTarget,
  conformanceChecks,
  conformanceClips,
  formatReport,
  runChecks,
  type WebSocketLike,
} from '@earshot/testkit/conformance';
import { openWebSocket } from '../realtime/ws-client.ts';

/** Flags of `earshot conformance`. */
export interface ConformanceFlags {
  readonly apiKey?: string;
  readonly profile?: string;
  readonly model?: string;
  readonly grep?: string;
  readonly timeoutMs?: string;
  readonly maxWer?: string;
  readonly maxEventBytes?: string;
  readonly maxBufferSeconds?: string;
}

/** The speech clips shipped with @earshot/testkit. */
function clipBytes(name: string): Uint8Array {
  const root = dirname(createRequire(import.meta.url).resolve('@earshot/testkit/package.json'));
  return new Uint8Array(readFileSync(join(root, 'clips', `${name}-16k.wav`)));
}

/** Opens a socket to `url` (Bearer key when given); resolves once open, no early frame lost. */
async function openSocket(url: string, apiKey: string | undefined): Promise<WebSocketLike> {
  const ws = await openWebSocket(url, [], {
    headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
    maxPayload: 64 * 1024 * 1024,
  });
  return ws as unknown as WebSocketLike;
}

/** The URL with its query replaced by `query` (or with `intent=transcription` added when it has neither intent nor model). */
export function withQuery(url: string, query?: string): string {
  const parsed = new URL(url);
  if (query !== undefined) parsed.search = query;
  else if (!parsed.searchParams.has('intent') && !parsed.searchParams.has('model'))
    parsed.searchParams.set('intent', 'transcription');
  return parsed.href;
}

/** Asks the server which model a session transcribes with by default (from `session.created`). */
async function defaultModel(url: string, apiKey: string | undefined): Promise<string | undefined> {
  const socket = await openSocket(withQuery(url), apiKey);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), 10_000);
    const finish = (model: string | undefined) => {
      clearTimeout(timer);
      socket.close(1000);
      resolve(model);
    };
    socket.addEventListener('message', (event) => {
      try {
        const parsed = JSON.parse(String(event.data)) as {
          type?: string;
          session?: { audio?: { input?: { transcription?: { model?: string } | null } } };
        };
        if (parsed.type === 'session.created') finish(parsed.session?.audio?.input?.transcription?.model);
      } catch {
        finish(undefined);
      }
    });
  });
}

/** Runs the suite against `url`; prints the report on stdout; exit code 1 when a check fails (a failure to run rejects). */
export async function conformanceCommand(url: string, flags: ConformanceFlags): Promise<void> {
  const apiKey = flags.apiKey ?? process.env.OPENAI_API_KEY;
  const profile: CheckProfile = flags.profile === 'openai' ? 'openai' : 'earshot';
  const model = flags.model ?? (await defaultModel(url, apiKey));
  if (model === undefined) {
    throw new Error('the server named no transcription model in session.created: pass --model');
  }
  const target: ConformanceTarget = {
    connect: () => openSocket(withQuery(url), apiKey),
    connectWithQuery: (query) => openSocket(withQuery(url, query), apiKey),
    model,
    clips: conformanceClips(clipBytes),
    timeoutMs: Number(flags.timeoutMs ?? 30_000),
    quietMs: 500,
    limits: {
      maxEventBytes: Number(flags.maxEventBytes ?? 15 * 1024 * 1024),
      maxBufferSeconds: Number(flags.maxBufferSeconds ?? 900),
    },
    maxWer: Number(flags.maxWer ?? 0.15),
  };
  const results = await runChecks(conformanceChecks(target), {
    profile,
    ...(flags.grep === undefined ? {} : { grep: flags.grep }),
    onResult: (r) => process.stderr.write(`${r.status === 'pass' ? '.' : r.status === 'fail' ? 'F' : 's'}`),
  });
  process.stderr.write('\n');
  process.stdout.write(formatReport(results, `${url} (model ${model}, profile ${profile})`));
  if (results.some((r) => r.status === 'fail')) process.exitCode = 1;
}
