/**
 * `earshot pull` against a local Hugging Face-style hub serving the reduced Qwen3-ASR replica:
 * progress, resume after an interrupted download (HTTP Range), checksum failures (a typed error,
 * nothing of the bad file kept, no manifest), and `serve --model <name>` resolving the pulled copy.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE, ModelLoadError } from '@earshot/core/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PullProgress, pullModel, resolveModelFolder, selectFiles } from '../src/pull/index.ts';
import { type FakeHub, startFakeHub } from './support/fake-hub.ts';
import { runEarshot } from './support/processes.ts';
import { reducedReplica } from './support/replica.ts';

const REPO = 'earshot-test/qwen3-asr-replica';
let replica = '';

let hub: FakeHub;
let dir = '';

beforeAll(async () => {
  replica = reducedReplica();
  hub = await startFakeHub(replica, REPO);
  dir = mkdtempSync(join(tmpdir(), 'earshot-pull-'));
}, 120_000);
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('earshot pull', () => {
  it('downloads the q4 file set with byte progress and writes a verifying manifest', async () => {
    const progress: PullProgress[] = [];
    const result = await pullModel(`${hub.endpoint}/${REPO}`, {
      dir,
      onProgress: (p) => progress.push(p),
    });
    const files = readdirSync(replica).filter((f) => !f.startsWith('.'));
    expect(result.files).toBe(files.length);
    expect(result.downloaded).toBe(result.bytes);
    const last = progress.at(-1);
    expect(last?.loaded).toBe(result.bytes);
    expect(progress.every((p, i) => i === 0 || p.loaded >= (progress[i - 1]?.loaded ?? 0))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(result.folder, MANIFEST_FILE), 'utf8')) as {
      files: { path: string; bytes: number; sha256: string }[];
      source: { repo: string };
    };
    expect(manifest.source.repo).toBe(REPO);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(files.sort());
    for (const f of manifest.files) expect(statSync(join(result.folder, f.path)).size).toBe(f.bytes);
  }, 120_000);

  it('resumes an interrupted file with a Range request instead of starting over', async () => {
    const target = join(dir, 'resume');
    hub.cutAfter('encoder.onnx', 50_000_000);
    const seen = hub.requests.length;
    const result = await pullModel(`${hub.endpoint}/${REPO}`, { dir: target, attempts: 3 });
    const encoder = hub.requests.slice(seen).filter((r) => r.includes('/resolve/main/encoder.onnx'));
    // The second request resumes where the kept part ends: at most the 50 MB sent before the cut
    // (bytes still in flight when the socket died are not on disk), and well past the start.
    expect(encoder).toHaveLength(2);
    expect(encoder[0]).toBe(`GET /${REPO}/resolve/main/encoder.onnx`);
    const resumedAt = Number(/ bytes=(\d+)-$/.exec(encoder[1] ?? '')?.[1] ?? Number.NaN);
    expect(resumedAt).toBeGreaterThan(40_000_000);
    expect(resumedAt).toBeLessThanOrEqual(50_000_000);
    expect(result.downloaded).toBe(result.bytes);
    expect(existsSync(join(result.folder, 'encoder.onnx.part'))).toBe(false);
    // A second pull of a complete folder downloads nothing.
    const again = await pullModel(`${hub.endpoint}/${REPO}`, { dir: target });
    expect(again.downloaded).toBe(0);
  }, 120_000);

  it('rejects a file whose bytes do not match the hub checksum, keeps nothing of it and writes no manifest', async () => {
    const target = join(dir, 'corrupt');
    const restore = hub.corrupt('decoder_weights.int4.data');
    try {
      const error = await pullModel(`${hub.endpoint}/${REPO}`, { dir: target }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect(error).toMatchObject({ code: 'EARSHOT_ERR_MODEL_CHECKSUM', file: 'decoder_weights.int4.data' });
      const folder = join(target, 'qwen3-asr-replica');
      expect(existsSync(join(folder, 'decoder_weights.int4.data'))).toBe(false);
      expect(existsSync(join(folder, 'decoder_weights.int4.data.part'))).toBe(false);
      expect(existsSync(join(folder, MANIFEST_FILE))).toBe(false);
      expect(() => resolveModelFolder('qwen3-asr-replica', { EARSHOT_MODELS_DIR: target })).toThrow(
        /not pulled/,
      );
    } finally {
      restore();
    }
  }, 120_000);

  it('the earshot pull command prints progress and the serve command to run; serve --model finds the name', async () => {
    const target = join(dir, 'cli');
    const run = await runEarshot(['pull', `${hub.endpoint}/${REPO}`, '--dir', target]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/100% .* MB of .* MB/);
    expect(run.stderr).toContain('earshot serve --model qwen3-asr-replica');
    expect(resolveModelFolder('qwen3-asr-replica', { EARSHOT_MODELS_DIR: target })).toBe(
      join(target, 'qwen3-asr-replica'),
    );
    const unknown = await runEarshot(['pull', 'no-such-model']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown model 'no-such-model'/);
  }, 120_000);

  it('selects one variant of the public file set', () => {
    const files = [
      'encoder.onnx',
      'encoder.fp16.onnx',
      'decoder_init.int4.onnx',
      'decoder_weights.int4.data',
      'decoder_init.q4f16.onnx',
      'decoder_weights.q4f16.data',
      'decoder_init.onnx',
      'decoder_weights.data',
      'embed_tokens.int8.bin',
      'embed_scales.f32.bin',
      'prompt_config.json',
      '.gitattributes',
    ].map((path) => ({ path, size: 1 }));
    expect(selectFiles(files, 'q4').map((f) => f.path)).toEqual([
      'encoder.onnx',
      'decoder_init.int4.onnx',
      'decoder_weights.int4.data',
      'embed_tokens.int8.bin',
      'embed_scales.f32.bin',
      'prompt_config.json',
    ]);
    expect(selectFiles(files, 'q4f16').map((f) => f.path)).toEqual([
      'encoder.fp16.onnx',
      'decoder_init.q4f16.onnx',
      'decoder_weights.q4f16.data',
      'embed_tokens.int8.bin',
      'embed_scales.f32.bin',
      'prompt_config.json',
    ]);
  });
});
