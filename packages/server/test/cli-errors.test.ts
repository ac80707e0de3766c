/**
 * Every failure of the command line is one line on stderr, `earshot: <message> (<code>)`, with a
 * non-zero exit and no stack trace (unless asked for): a port in use, a missing WAV file (both
 * `earshot transcribe` and `npm run transcribe`'s script), `--device cuda` without CUDA, a usage
 * error and a missing model folder.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { EarshotError } from '@earshot/core/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBUG_ENV, describeFailure, FAILURE_EXIT_CODE, wantsStack } from '../src/cli/failure.ts';
import { cudaAvailable } from '../src/model/index.ts';
import { TRANSCRIBE_SCRIPT } from './support/processes.ts';

const BIN = fileURLToPath(new URL('../bin/earshot.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MISSING_WAV = fileURLToPath(new URL('./fixtures/no-such-file.wav', import.meta.url));
const STACK_LINE = /^\s+at /m;

interface Outcome {
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs `node <args>` from the repository root, with `env` added; resolves when it exits. */
function node(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, [DEBUG_ENV]: '', DEBUG: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (status) => resolve({ status, stderr }));
  });
}

/** Asserts the one-line failure format and returns the code in its parentheses. */
function oneLineFailure(outcome: Outcome): string {
  expect(outcome.status).toBe(FAILURE_EXIT_CODE);
  expect(outcome.stderr).not.toMatch(STACK_LINE);
  const lines = outcome.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const match = /^earshot: .+ \(([A-Za-z0-9_.]+)\)$/.exec(lines[0] ?? '');
  expect(match, lines[0]).not.toBeNull();
  return match?.[1] ?? '';
}

describe('earshot serve', () => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('a port in use fails with one line naming EADDRINUSE', async () => {
    const outcome = await node([
      BIN,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'error',
    ]);
    expect(oneLineFailure(outcome)).toBe('EADDRINUSE');
    expect(outcome.stderr).toContain(String(port));
  }, 60_000);

  it.skipIf(cudaAvailable())(
    '--device cuda without the CUDA provider fails with one line naming EARSHOT_ERR_MODEL_DEVICE',
    async () => {
      const outcome = await node([BIN, 'serve', '--port', '0', '--device', 'cuda', '--log-level', 'error']);
      expect(oneLineFailure(outcome)).toBe('EARSHOT_ERR_MODEL_DEVICE');
    },
    60_000,
  );
});

describe('earshot transcribe', () => {
  it('a missing WAV file fails with one line naming ENOENT and the path', async () => {
    const outcome = await node([BIN, 'transcribe', MISSING_WAV]);
    expect(oneLineFailure(outcome)).toBe('ENOENT');
    expect(outcome.stderr).toContain(MISSING_WAV);
  }, 60_000);

  it('npm run transcribe (scripts/transcribe.ts) fails the same way', async () => {
    const outcome = await node([...TRANSCRIBE_SCRIPT, MISSING_WAV]);
    expect(oneLineFailure(outcome)).toBe('ENOENT');
  }, 60_000);

  it.skipIf(cudaAvailable())(
    '--device cuda without the CUDA provider fails with EARSHOT_ERR_MODEL_DEVICE',
    async () => {
      const wav = fileURLToPath(new URL('../../testkit/clips/call-16k.wav', import.meta.url));
      const outcome = await node([BIN, 'transcribe', wav, '--device', 'cuda']);
      expect(oneLineFailure(outcome)).toBe('EARSHOT_ERR_MODEL_DEVICE');
    },
    60_000,
  );

  it(`prints the stack with ${DEBUG_ENV}=1 or --verbose`, async () => {
    const env = await node([BIN, 'transcribe', MISSING_WAV], { [DEBUG_ENV]: '1' });
    expect(env.status).toBe(FAILURE_EXIT_CODE);
    expect(env.stderr).toMatch(STACK_LINE);
    const flag = await node([BIN, '--verbose', 'transcribe', MISSING_WAV]);
    expect(flag.stderr).toMatch(STACK_LINE);
  }, 60_000);
});

describe('usage errors', () => {
  it("an unknown option is one line naming commander's code", async () => {
    const outcome = await node([BIN, 'serve', '--no-such-flag']);
    expect(oneLineFailure(outcome)).toBe('commander.unknownOption');
  }, 60_000);

  it('a missing model folder is one line naming EARSHOT_ERR_MODEL_FILE_MISSING', async () => {
    const outcome = await node([BIN, 'serve', '--model', MISSING_WAV, '--port', '0']);
    expect(oneLineFailure(outcome)).toBe('EARSHOT_ERR_MODEL_FILE_MISSING');
  }, 60_000);
});

describe('describeFailure', () => {
  it('appends the EarshotError code', () => {
    const error = new EarshotError('EARSHOT_ERR_MODEL_CONFIG', 'config.json: bad field');
    expect(describeFailure(error)).toBe('earshot: config.json: bad field (EARSHOT_ERR_MODEL_CONFIG)');
  });

  it('keeps only the first line of a message and leaves out a missing code', () => {
    expect(describeFailure(new Error('first\nsecond'))).toBe('earshot: first');
    expect(describeFailure('plain')).toBe('earshot: plain');
  });
});

describe('wantsStack', () => {
  it('is on for --verbose, EARSHOT_DEBUG and DEBUG=earshot; off otherwise', () => {
    expect(wantsStack(['node', 'earshot', '--verbose'], {})).toBe(true);
    expect(wantsStack([], { [DEBUG_ENV]: '1' })).toBe(true);
    expect(wantsStack([], { [DEBUG_ENV]: '0' })).toBe(false);
    expect(wantsStack([], { DEBUG: 'express,earshot' })).toBe(true);
    expect(wantsStack([], {})).toBe(false);
  });
});
