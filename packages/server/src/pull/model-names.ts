/**
 * Names `earshot pull` and `earshot serve --model` know, and where pulled models are kept
 * (`$XDG_CACHE_HOME/earshot/models/<name>`, default `~/.cache/earshot/models/<name>`).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE } from '@earshot/core/model';

/** A public model folder on a Hugging Face-style hub. */
export interface KnownModel {
  /** `owner/name` on the hub. */
  readonly repo: string;
  /** Graph variant to fetch (`q4`: int4 decoders, fp32 activations; `q4f16`: fp16 activations, WebGPU). */
  readonly variant: 'q4' | 'q4f16';
  /** Approximate download, for messages. */
  readonly approxBytes: number;
  readonly license: string;
}

/** The public layout-v2 exports of Qwen3-ASR (see docs/guides/models.md). */
export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'qwen3-asr-0.6b': {
    repo: 'jiangzhuo9357/Qwen3-ASR-0.6B-ONNX',
    variant: 'q4',
    approxBytes: 1.1e9,
    license: 'Apache-2.0',
  },
  'qwen3-asr-0.6b-q4f16': {
    repo: 'jiangzhuo9357/Qwen3-ASR-0.6B-ONNX',
    variant: 'q4f16',
    approxBytes: 0.7e9,
    license: 'Apache-2.0',
  },
  'qwen3-asr-1.7b': {
    repo: 'jiangzhuo9357/Qwen3-ASR-1.7B-ONNX',
    variant: 'q4',
    approxBytes: 2.6e9,
    license: 'Apache-2.0',
  },
  'qwen3-asr-1.7b-q4f16': {
    repo: 'jiangzhuo9357/Qwen3-ASR-1.7B-ONNX',
    variant: 'q4f16',
    approxBytes: 1.6e9,
    license: 'Apache-2.0',
  },
};

/** The hub `earshot pull` asks by default (`$HF_ENDPOINT` overrides it, as for the hub's own tools). */
export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** Where pulled models live: `$EARSHOT_MODELS_DIR`, else `$XDG_CACHE_HOME/earshot/models`, else `~/.cache/earshot/models`. */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EARSHOT_MODELS_DIR) return env.EARSHOT_MODELS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'earshot', 'models');
}

/**
 * The folder for `--model`: an existing path as given; a pulled name's cache folder. Throws an
 * `Error` with the command to run when the name is known but not (completely) pulled.
 */
export function resolveModelFolder(model: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(model)) return model;
  const pulled = join(modelsDir(env), model);
  if (existsSync(join(pulled, MANIFEST_FILE))) return pulled;
  if (model in KNOWN_MODELS || existsSync(pulled)) {
    throw new Error(`model '${model}' is not pulled (completely) yet: run \`earshot pull ${model}\` first.`);
  }
  throw new Error(
    `model folder not found: ${model} (pass a folder, or one of ${Object.keys(KNOWN_MODELS).join(', ')} after \`earshot pull <name>\`)`,
  );
}
