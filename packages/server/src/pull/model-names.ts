/**
 * Names `earshot pull` and `earshot serve --model` know, and where pulled models are kept
 * (`$XDG_CACHE_HOME/earshot/models/<name>`, default `~/.cache/earshot/models/<name>`).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_HUB,
  MANIFEST_FILE,
  ModelLoadError,
  PUBLIC_MODELS,
  type PublicModel,
} from '@earshot/core/model';

/** The public folders `earshot pull` knows by name (the core's catalog). */
export const KNOWN_MODELS: Readonly<Record<string, PublicModel>> = PUBLIC_MODELS;

/** The hub `earshot pull` asks by default (`$HF_ENDPOINT` overrides it, as for the hub's own tools). */
export const DEFAULT_ENDPOINT = DEFAULT_HUB;

/** Where pulled models live: `$EARSHOT_MODELS_DIR`, else `$XDG_CACHE_HOME/earshot/models`, else `~/.cache/earshot/models`. */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EARSHOT_MODELS_DIR) return env.EARSHOT_MODELS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'earshot', 'models');
}

/**
 * The folder for `--model`: an existing path as given; a pulled name's cache folder. Throws a
 * `ModelLoadError` (`EARSHOT_ERR_MODEL_FILE_MISSING`) naming the command to run when the name is
 * known but not (completely) pulled, or the valid forms when nothing matches.
 */
export function resolveModelFolder(model: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(model)) return model;
  const pulled = join(modelsDir(env), model);
  if (existsSync(join(pulled, MANIFEST_FILE))) return pulled;
  if (model in KNOWN_MODELS || existsSync(pulled)) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_FILE_MISSING',
      null,
      `model '${model}' is not pulled (completely) yet: run \`earshot pull ${model}\` first.`,
    );
  }
  throw new ModelLoadError(
    'EARSHOT_ERR_MODEL_FILE_MISSING',
    null,
    `model folder not found: ${model}; pass a folder, or one of ${Object.keys(KNOWN_MODELS).join(', ')} after \`earshot pull <name>\``,
  );
}
