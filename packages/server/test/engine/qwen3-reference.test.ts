/**
 * The engine against the torch reference (training/reference.py): for each fixture clip, the
 * encoder output, the first-step logits and the greedy tokens of the embedded model, on
 * onnxruntime-node and on onnxruntime-web's WASM backend (in Node). Tokens must match exactly,
 * logits within 1e-3.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OrtModule, Qwen3AsrModel } from '@earshot/core/engine';
import { REFERENCE_FIXTURES } from '@earshot/testkit/fixtures';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_MODEL_DIR, FsModelSource } from '../../src/model/index.ts';

const REFERENCE = REFERENCE_FIXTURES;

interface Reference {
  text: string;
  mel: { file: string; shape: [number, number, number] };
  audio_features: { file: string; shape: [number, number, number] };
  decoder_init_logits: string;
  token_ids: number[];
}

const floats = (file: string) => {
  const bytes = readFileSync(join(REFERENCE, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const base64Floats = (text: string) => {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
};

const clips = readdirSync(REFERENCE)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [f.replace('.json', ''), JSON.parse(readFileSync(join(REFERENCE, f), 'utf8')) as Reference] as const,
  );

ortWeb.env.wasm.numThreads = 1;
const backends: Array<[string, OrtModule, string]> = [
  ['onnxruntime-node (cpu)', ortNode, 'cpu'],
  ['onnxruntime-web (wasm, in Node)', ortWeb, 'wasm'],
];

describe.each(backends)('Qwen3AsrModel vs the torch reference on %s', (_name, ort, provider) => {
  let model: Qwen3AsrModel;
  beforeAll(async () => {
    model = await Qwen3AsrModel.load({
      ort,
      source: new FsModelSource(EMBEDDED_MODEL_DIR),
      variant: 'fp32',
      requireManifest: true,
      sessionOptions: { executionProviders: [provider] },
    });
  });

  it('has reference clips', () => {
    expect(clips.length).toBeGreaterThanOrEqual(3);
  });

  it.each(clips)('%s: encoder output, first-step logits and greedy tokens match', async (_clip, ref) => {
    const mel = floats(ref.mel.file);
    const { features, tokens } = await model.encode(mel, ref.mel.shape[2]);
    expect(tokens).toBe(ref.audio_features.shape[1]);
    expect(maxAbsDiff(features, floats(ref.audio_features.file))).toBeLessThanOrEqual(1e-3);
    const result = await model.decode({ audioFeatures: features, audioTokens: tokens });
    expect(maxAbsDiff(result.firstLogits, base64Floats(ref.decoder_init_logits))).toBeLessThanOrEqual(1e-3);
    const eos = new Set(model.config.prompt.eos_ids);
    expect(result.ids).toEqual(ref.token_ids.filter((id) => !eos.has(id)));
  });
});
