/** Resolves `--data` to a dataset: a JSONL manifest, a LibriSpeech-style folder, or `espeak[:N]` (generated on first use). */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESPEAK_SET_SEED, generateEspeakSet } from './espeak/generate.ts';
import { readRecipe } from './espeak/recipe.ts';
import { loadJsonlManifest } from './jsonl.ts';
import { loadLibriSpeechFolder } from './librispeech.ts';
import { type Dataset, DatasetError } from './types.ts';

/** Clips in `espeak` when no count is given. */
export const DEFAULT_ESPEAK_COUNT = 40;

/** Where things live: the repository root (for `training/`) and the cache of generated sets. */
export interface DatasetPaths {
  readonly repoRoot: string;
  /** Default `<repoRoot>/eval/.cache`. */
  readonly cacheDir?: string;
}

/** The folder a generated espeak set of `count` clips is cached in. */
export function espeakSetDir(paths: DatasetPaths, count: number, seed = ESPEAK_SET_SEED): string {
  return join(
    paths.cacheDir ?? join(paths.repoRoot, 'eval', '.cache'),
    `espeak-heldout-${count}-seed${seed}`,
  );
}

/** Loads the dataset `spec` names; `espeak[:N]` generates N held-out clips first unless they are cached. */
export async function loadDataset(
  spec: string,
  paths: DatasetPaths,
  onGenerate?: (done: number, total: number) => void,
): Promise<Dataset> {
  const espeak = /^espeak(?::(\d+))?$/.exec(spec);
  if (espeak !== null) {
    const count = espeak[1] === undefined ? DEFAULT_ESPEAK_COUNT : Number(espeak[1]);
    if (count < 1) throw new DatasetError('espeak:N needs N ≥ 1');
    const dir = espeakSetDir(paths, count);
    let manifest = join(dir, 'manifest.jsonl');
    if (!existsSync(manifest)) {
      const recipe = readRecipe(join(paths.repoRoot, 'training'));
      manifest = generateEspeakSet({ recipe, out: dir, count, onClip: onGenerate });
    }
    return { name: `espeak:${count}`, kind: 'espeak', clips: await loadJsonlManifest(manifest) };
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new DatasetError(`--data ${spec}: no such file or folder`);
  if (statSync(path).isDirectory()) {
    return { name: spec, kind: 'librispeech', clips: await loadLibriSpeechFolder(path) };
  }
  return { name: spec, kind: 'jsonl', clips: await loadJsonlManifest(path) };
}
