import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEYS_ENV, type ServeConfig, serveOptions } from '../src/cli/options.ts';
import { buildProgram, DEFAULT_SERVER_LIMITS } from '../src/index.ts';

const BIN = fileURLToPath(new URL('../bin/earshot.mjs', import.meta.url));
const run = promisify(execFile);

async function parse(args: string[]): Promise<ServeConfig> {
  let config: ServeConfig | null = null;
  const program = buildProgram(async (c) => {
    config = c;
  });
  program.exitOverride();
  program.commands[0]?.exitOverride().configureOutput({ writeErr: () => {} });
  await program.parseAsync(['node', 'earshot', 'serve', ...args]);
  if (config === null) throw new Error('serve did not run');
  return config;
}

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('earshot serve --help', () => {
  it('documents every flag with its environment variable, and the key variable', () => {
    const help = buildProgram().commands[0]?.helpInformation() ?? '';
    const full = `${help}${buildProgram().commands[0]?.helpInformation({ error: false })}`;
    for (const option of serveOptions()) {
      expect(full).toContain(option.long ?? '');
      expect(full.replace(/\s+/g, ' ')).toContain(`env: ${option.envVar}`);
    }
  });

  it('runs from the bin entry', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'serve', '--help']);
    expect(stdout).toContain('--max-session-seconds');
    expect(stdout).toContain(API_KEYS_ENV);
    expect(stdout).toContain('/v1/realtime');
  });

  it('exits with an error naming a missing model folder', async () => {
    const failed = await run(process.execPath, [
      BIN,
      'serve',
      '--model',
      '/nonexistent/model',
      '--port',
      '0',
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('model folder not found');
  });
});

describe('earshot serve options', () => {
  it('takes the documented defaults', async () => {
    const config = await parse([]);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      device: 'auto',
      turnDetection: 'server_vad',
      vad: 'energy',
    });
    expect(config.limits).toEqual(DEFAULT_SERVER_LIMITS);
    expect(config.allowedOrigins).toBe('*');
    expect(config.strictRates).toBe(false);
    expect(config.threadSpinning).toBe(false);
    expect(config.decodeThread).toBe('worker');
  });

  it('reads each limit from its flag', async () => {
    const config = await parse([
      '--max-sessions=3',
      '--max-buffer-seconds=30',
      '--max-event-bytes=65536',
      '--idle-timeout=5',
      '--max-session-seconds=120',
      '--max-send-buffer-bytes=8192',
      '--max-file-bytes=4096',
      '--allowed-origins=https://a.example,http://localhost:5173',
      '--model-alias=gpt-4o-transcribe,whisper-1',
      '--strict-rates',
      '--thread-spinning',
      '--decode-thread=main',
      '--turn-detection=none',
    ]);
    expect(config.limits).toEqual({
      maxSessions: 3,
      maxBufferSeconds: 30,
      maxEventBytes: 65536,
      idleTimeoutSeconds: 5,
      maxSessionSeconds: 120,
      maxSendBufferBytes: 8192,
      maxFileBytes: 4096,
    });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(config.modelAliases).toEqual(['gpt-4o-transcribe', 'whisper-1']);
    expect(config.strictRates).toBe(true);
    expect(config.threadSpinning).toBe(true);
    expect(config.decodeThread).toBe('main');
    expect(config.turnDetection).toBe('none');
  });

  it('reads variables, a flag winning over its variable', async () => {
    process.env.EARSHOT_PORT = '9001';
    process.env.EARSHOT_MAX_SESSIONS = '7';
    process.env.EARSHOT_IDLE_TIMEOUT = '30';
    process.env[API_KEYS_ENV] = 'sk-a,sk-b';
    const config = await parse(['--port', '9002']);
    expect(config.port).toBe(9002);
    expect(config.limits.maxSessions).toBe(7);
    expect(config.limits.idleTimeoutSeconds).toBe(30);
    expect(config.apiKeys).toBe('sk-a,sk-b');
  });

  it('takes the replica name from --replica-id or EARSHOT_REPLICA_ID (unset by default)', async () => {
    expect((await parse([])).replicaId).toBeUndefined();
    expect((await parse(['--replica-id', 'earshot-7d9f-abc'])).replicaId).toBe('earshot-7d9f-abc');
    process.env.EARSHOT_REPLICA_ID = 'pod-2';
    expect((await parse([])).replicaId).toBe('pod-2');
    await expect(parse(['--replica-id', 'has space'])).rejects.toThrow();
  });

  it('batches 32 decodes, waiting 2 ms, unless --batch/--batch-wait-ms or their variables say otherwise', async () => {
    expect(await parse([])).toMatchObject({ batch: 32, batchWaitMs: 2 });
    expect(await parse(['--batch', '1', '--batch-wait-ms', '0.5'])).toMatchObject({
      batch: 1,
      batchWaitMs: 0.5,
    });
    process.env.EARSHOT_BATCH = '8';
    process.env.EARSHOT_BATCH_WAIT_MS = '0';
    expect(await parse([])).toMatchObject({ batch: 8, batchWaitMs: 0 });
    await expect(parse(['--batch', '0'])).rejects.toThrow('expected an integer ≥ 1');
    await expect(parse(['--batch', 'many'])).rejects.toThrow('expected an integer ≥ 1');
    await expect(parse(['--batch-wait-ms', '-1'])).rejects.toThrow('expected a number of milliseconds ≥ 0');
  });

  it('rejects invalid values', async () => {
    await expect(parse(['--max-sessions', '0'])).rejects.toThrow();
    await expect(parse(['--port', 'eighty'])).rejects.toThrow();
    await expect(parse(['--device', 'tpu'])).rejects.toThrow();
    await expect(parse(['--tls-cert', 'cert.pem'])).rejects.toThrow('--tls-key');
  });
});
