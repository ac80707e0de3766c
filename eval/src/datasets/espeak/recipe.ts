/**
 * The embedded model's data recipe, read from the training sources (training/vocab.py and
 * training/synth.py) so that the generated evaluation set follows them without a copy: the
 * vocabulary, the sentence templates and slots, the spoken forms, the accents and the held-out
 * voice variants.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../types.ts';

/** The recipe: words, templates with `{slot}` markers, slot fillers, spoken forms and voices. */
export interface EspeakRecipe {
  readonly words: readonly string[];
  readonly templates: readonly string[];
  readonly slots: Readonly<Record<string, readonly string[]>>;
  /** Word → the text espeak-ng reads (e.g. `xray` → `x-ray`). */
  readonly spoken: Readonly<Record<string, string>>;
  readonly accents: readonly string[];
  /** Voice variants never used in training. */
  readonly heldOutVariants: readonly string[];
}

function block(source: string, name: string, open: string, close: string, file: string): string {
  const start = source.search(new RegExp(`^${name} = \\${open}`, 'm'));
  if (start < 0) throw new DatasetError(`${file}: ${name} not found`);
  const from = source.indexOf(open, start) + 1;
  const end = source.indexOf(`\n${close}`, from);
  const sameLine = source.indexOf(close, from);
  const stop =
    sameLine >= 0 && (end < 0 || sameLine < end) && !source.slice(from, sameLine).includes('\n')
      ? sameLine
      : end;
  if (stop < 0) throw new DatasetError(`${file}: ${name} is not closed`);
  return source.slice(from, stop);
}

function strings(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** A word list written as `NAME = ("…" "…").split()`. */
function splitWords(source: string, name: string, file: string): string[] {
  return strings(block(source, name, '(', ')', file))
    .join('')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** Reads the recipe from the training sources under `trainingDir` (default: the repository's `training/`). */
export function readRecipe(trainingDir: string): EspeakRecipe {
  const vocabFile = join(trainingDir, 'vocab.py');
  const synthFile = join(trainingDir, 'synth.py');
  const vocab = readFileSync(vocabFile, 'utf8');
  const synth = readFileSync(synthFile, 'utf8');
  const lists: Record<string, string[]> = {
    NUMBERS: splitWords(vocab, 'NUMBERS', vocabFile),
    NATO: splitWords(vocab, 'NATO', vocabFile),
    COMMON: splitWords(vocab, 'COMMON', vocabFile),
    ROOMS: strings(block(vocab, 'ROOMS', '[', ']', vocabFile)),
  };
  const slots: Record<string, string[]> = {};
  for (const line of block(vocab, 'SLOTS', '{', '}', vocabFile).split('\n')) {
    const m = /^\s*"(\w+)":\s*(.+?),?\s*$/.exec(line);
    if (m === null) continue;
    const [, key = '', value = ''] = m;
    slots[key] = value.startsWith('[') ? strings(value) : (lists[value] ?? []);
    if (slots[key]?.length === 0) throw new DatasetError(`${vocabFile}: slot ${key} is empty`);
  }
  const spoken: Record<string, string> = {};
  for (const m of block(vocab, 'SPOKEN', '{', '}', vocabFile).matchAll(/"([^"]+)":\s*"([^"]+)"/g)) {
    spoken[m[1] ?? ''] = m[2] ?? '';
  }
  const recipe = {
    words: [...(lists.NUMBERS ?? []), ...(lists.NATO ?? []), ...(lists.COMMON ?? [])],
    templates: strings(block(vocab, 'TEMPLATES', '[', ']', vocabFile)),
    slots,
    spoken,
    accents: strings(block(synth, 'ACCENTS', '[', ']', synthFile)),
    heldOutVariants: strings(block(synth, 'TEST_VARIANTS', '[', ']', synthFile)),
  };
  for (const [key, value] of Object.entries(recipe)) {
    if (Array.isArray(value) && value.length === 0)
      throw new DatasetError(`training recipe: ${key} is empty`);
  }
  return recipe;
}
