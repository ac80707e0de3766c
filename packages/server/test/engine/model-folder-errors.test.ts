/** A corrupt or mismatched model folder gives a typed `ModelLoadError` naming the file — never a crash or hang. */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Qwen3AsrModel } from '@earshot/core/engine';
import { type ModelErrorCode, ModelLoadError } from '@earshot/core/model';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_MODEL_DIR, FsModelSource } from '../../src/model/index.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the embedded model that a test may break. */
function copyModel(): string {
  const folder = mkdtempSync(join(tmpdir(), 'earshot-model-'));
  cpSync(EMBEDDED_MODEL_DIR, folder, { recursive: true });
  folders.push(folder);
  return folder;
}

/** Rewrites `file`'s manifest entry to match its current bytes (a consistent but different folder). */
function reseal(folder: string, file: string): void {
  const manifestPath = join(folder, 'earshot-model.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    files: Array<{ path: string; bytes: number; sha256: string }>;
  };
  const bytes = readFileSync(join(folder, file));
  const entry = manifest.files.find((f) => f.path === file);
  if (entry === undefined) throw new Error(`manifest lists no ${file}`);
  entry.bytes = bytes.byteLength;
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

function editJson(folder: string, file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(folder, file), JSON.stringify(json));
  reseal(folder, file);
}

async function loadError(folder: string, options: Partial<Parameters<typeof Qwen3AsrModel.load>[0]> = {}) {
  try {
    await Qwen3AsrModel.load({ ort, source: new FsModelSource(folder), variant: 'fp32', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelLoadError);
    return error as ModelLoadError;
  }
  throw new Error('the model loaded');
}

function expectError(error: ModelLoadError, code: ModelErrorCode, file: string | null): void {
  expect(error.code).toBe(code);
  expect(error.file).toBe(file);
}

describe('Qwen3AsrModel.load on a broken folder', () => {
  it('loads the intact embedded model', async () => {
    const model = await Qwen3AsrModel.load({
      ort,
      source: new FsModelSource(EMBEDDED_MODEL_DIR),
      requireManifest: true,
    });
    expect(model.config.layout_version).toBe(2);
    await model.release();
  });

  it('names a missing graph file', async () => {
    const folder = copyModel();
    unlinkSync(join(folder, 'decoder_step.onnx'));
    expectError(await loadError(folder), 'EARSHOT_ERR_MODEL_FILE_MISSING', 'decoder_step.onnx');
  });

  it('names a file whose SHA-256 differs from the manifest', async () => {
    const folder = copyModel();
    const path = join(folder, 'embed_scales.f32.bin');
    const bytes = readFileSync(path);
    bytes[7] = (bytes[7] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    expectError(await loadError(folder), 'EARSHOT_ERR_MODEL_CHECKSUM', 'embed_scales.f32.bin');
  });

  it('names a truncated file', async () => {
    const folder = copyModel();
    const path = join(folder, 'tokenizer.json');
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    expectError(await loadError(folder), 'EARSHOT_ERR_MODEL_FILE_SIZE', 'tokenizer.json');
  });

  it('names a graph whose inputs are not the contract', async () => {
    const folder = copyModel();
    // The encoder graph where the decoder_init graph should be: wrong input and output names.
    writeFileSync(join(folder, 'decoder_init.onnx'), readFileSync(join(folder, 'encoder.onnx')));
    reseal(folder, 'decoder_init.onnx');
    const error = await loadError(folder);
    expectError(error, 'EARSHOT_ERR_MODEL_GRAPH', 'decoder_init.onnx');
    expect(error.message).toContain("missing input 'input_embeds'");
  });

  it('names an unloadable graph', async () => {
    const folder = copyModel();
    writeFileSync(join(folder, 'encoder.onnx'), Buffer.from('not an onnx model'));
    reseal(folder, 'encoder.onnx');
    expectError(await loadError(folder), 'EARSHOT_ERR_MODEL_GRAPH', 'encoder.onnx');
  });

  it('names the prompt_config.json field that breaks the schema', async () => {
    const folder = copyModel();
    editJson(folder, 'prompt_config.json', (json) => {
      delete (json.prompt as Record<string, unknown>).eos_ids;
    });
    const error = await loadError(folder);
    expectError(error, 'EARSHOT_ERR_MODEL_CONFIG', 'prompt_config.json');
    expect(error.message).toContain('prompt.eos_ids');
  });

  it('names an embedding table whose size differs from its declared shape', async () => {
    const folder = copyModel();
    editJson(folder, 'prompt_config.json', (json) => {
      const embedding = json.embedding as { shape: [number, number] };
      embedding.shape = [embedding.shape[0] + 1, embedding.shape[1]];
    });
    expectError(await loadError(folder), 'EARSHOT_ERR_MODEL_CONFIG', 'embed_tokens.int8.bin');
  });

  it('names KV dims that differ from prompt_config.decoder', async () => {
    const folder = copyModel();
    editJson(folder, 'prompt_config.json', (json) => {
      (json.decoder as { num_layers: number }).num_layers += 1;
    });
    const error = await loadError(folder);
    expect(error.code).toBe('EARSHOT_ERR_MODEL_GRAPH');
  });

  it('refuses a variant the device cannot run, and an unknown variant', async () => {
    const folder = copyModel();
    editJson(folder, 'prompt_config.json', (json) => {
      for (const variant of Object.values(json.variants as Record<string, { required_features: string[] }>)) {
        variant.required_features = ['shader-f16'];
      }
    });
    expectError(
      await loadError(folder, { variant: undefined }),
      'EARSHOT_ERR_MODEL_VARIANT',
      'prompt_config.json',
    );
    expectError(
      await loadError(copyModel(), { variant: 'nope' }),
      'EARSHOT_ERR_MODEL_VARIANT',
      'prompt_config.json',
    );
  });

  it('requires the manifest when asked to', async () => {
    const folder = copyModel();
    unlinkSync(join(folder, 'earshot-model.json'));
    expectError(
      await loadError(folder, { requireManifest: true }),
      'EARSHOT_ERR_MODEL_FILE_MISSING',
      'earshot-model.json',
    );
  });

  it('stops with EARSHOT_ERR_MODEL_ABORTED when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expectError(
      await loadError(copyModel(), { signal: controller.signal }),
      'EARSHOT_ERR_MODEL_ABORTED',
      null,
    );
  });
});
