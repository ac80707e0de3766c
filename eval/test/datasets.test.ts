import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  decodeAudioFile,
  generateEspeakSet,
  loadDataset,
  loadJsonlManifest,
  loadLibriSpeechFolder,
  loadPcm16,
  randomRendering,
  randomSentence,
  readRecipe,
  SeededRandom,
} from '../src/datasets/index.ts';
import { type TempDir, tempDir } from './support.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const FIXTURES = here('./fixtures/librispeech');
const REPO = here('../..');
const hasSynthesis = ['espeak-ng', 'sox'].every((tool) => spawnSync(tool, ['--version']).status === 0);
let dir: TempDir;

beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.dispose());

describe('loadLibriSpeechFolder', () => {
  it('lists clips from *.trans.txt with their FLAC or WAV files', async () => {
    const clips = await loadLibriSpeechFolder(FIXTURES);
    expect(clips.map((c) => [c.id, c.text])).toEqual([
      ['19-198-0000', 'ALPHA'],
      ['19-198-0001', 'BRAVO TWO'],
    ]);
    expect(clips[0]?.audioPath.endsWith('19-198-0000.flac')).toBe(true);
    expect(clips[1]?.audioPath.endsWith('19-198-0001.wav')).toBe(true);
  });

  it('refuses a folder without transcripts', async () => {
    await expect(loadLibriSpeechFolder(dir.path)).rejects.toBeInstanceOf(DatasetError);
  });
});

describe('decodeAudioFile and loadPcm16', () => {
  it('decodes FLAC at its rate', async () => {
    const audio = await decodeAudioFile(join(FIXTURES, '19/198/19-198-0000.flac'));
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length).toBe(6400);
  });

  it('mixes stereo WAV to mono and resamples to the protocol rate', async () => {
    const pcm = await loadPcm16(join(FIXTURES, '19/198/19-198-0001.wav'), 24_000);
    // 0.3 s at 22.05 kHz → 0.3 s at 24 kHz, 2 bytes per sample.
    expect(pcm.length / 2).toBe(Math.ceil((6615 * 24_000) / 22_050));
    const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    let peak = 0;
    for (let i = 0; i < pcm.length / 2; i++) peak = Math.max(peak, Math.abs(view.getInt16(i * 2, true)));
    expect(peak).toBeGreaterThan(8000);
  });
});

describe('loadJsonlManifest', () => {
  it('resolves audio paths against the manifest and defaults ids to line numbers', async () => {
    const path = join(dir.path, 'm.jsonl');
    writeFileSync(path, '{"audio":"a.wav","text":"one"}\n\n{"audio":"/x/b.flac","text":"two","id":"b"}\n');
    const clips = await loadJsonlManifest(path);
    expect(clips).toEqual([
      { id: '1', text: 'one', audioPath: join(dir.path, 'a.wav') },
      { id: 'b', text: 'two', audioPath: '/x/b.flac' },
    ]);
  });

  it('names the line of a malformed entry', async () => {
    const path = join(dir.path, 'bad.jsonl');
    writeFileSync(path, '{"audio":"a.wav","text":"one"}\n{"text":"two"}\n');
    await expect(loadJsonlManifest(path)).rejects.toThrow(/bad\.jsonl:2/);
  });
});

describe('the espeak recipe', () => {
  const recipe = readRecipe(join(REPO, 'training'));

  it('reads the vocabulary, templates and held-out voices from the training sources', () => {
    expect(recipe.words).toContain('juliett');
    expect(recipe.words).toContain('thousand');
    expect(recipe.templates).toContain('what time is it');
    expect(recipe.slots.nato).toContain('xray');
    expect(recipe.spoken.xray).toBe('x-ray');
    expect(recipe.heldOutVariants.length).toBeGreaterThan(0);
    const synth = readFileSync(join(REPO, 'training/synth.py'), 'utf8');
    const train = /TRAIN_VARIANTS = \[([\s\S]*?)\]/.exec(synth)?.[1] ?? '';
    for (const variant of recipe.heldOutVariants) expect(train).not.toContain(`"${variant}"`);
  });

  it('draws sentences of vocabulary words and renderings with held-out voices, the same for a seed', () => {
    const draw = (seed: number) => {
      const rng = new SeededRandom(seed);
      return Array.from(
        { length: 50 },
        () => [randomSentence(rng, recipe), randomRendering(rng, recipe)] as const,
      );
    };
    const drawn = draw(3);
    expect(draw(3)).toEqual(drawn);
    const vocabulary = new Set(recipe.words);
    for (const [sentence, rendering] of drawn) {
      for (const word of sentence.split(' ')) expect(vocabulary.has(word)).toBe(true);
      expect(recipe.heldOutVariants).toContain(rendering.voice.split('+')[1]);
    }
  });

  it.skipIf(!hasSynthesis)('synthesises a small set as 16 kHz WAVs with a manifest', async () => {
    const out = join(dir.path, 'espeak');
    const manifest = generateEspeakSet({ recipe, out, count: 2, seed: 5 });
    const clips = await loadJsonlManifest(manifest);
    expect(clips).toHaveLength(2);
    const audio = await decodeAudioFile(clips[0]?.audioPath ?? '');
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length).toBeGreaterThan(1600);
  });

  it.skipIf(!hasSynthesis)('generates espeak:N once into the cache folder', async () => {
    const paths = { repoRoot: REPO, cacheDir: join(dir.path, 'cache') };
    const first = await loadDataset('espeak:2', paths);
    expect(first.kind).toBe('espeak');
    expect(first.clips).toHaveLength(2);
    const again = await loadDataset('espeak:2', paths, () => {
      throw new Error('should not generate again');
    });
    expect(again.clips).toEqual(first.clips);
  });
});
