/** LibriSpeech-style folders: `*.trans.txt` files (`<id> <TEXT>` per line) next to `<id>.flac`/`<id>.wav`. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type ClipSpec, DatasetError } from './types.ts';

const AUDIO_EXTENSIONS = ['.flac', '.wav', '.mp3'];
/** Deepest folder level searched for transcript files (LibriSpeech uses speaker/chapter). */
const MAX_DEPTH = 8;

async function findTranscripts(folder: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await findTranscripts(path, depth + 1, out);
    else if (entry.name.endsWith('.trans.txt')) out.push(path);
  }
}

/** Lists the clips of a LibriSpeech-style folder (searched recursively, sorted by path). */
export async function loadLibriSpeechFolder(folder: string): Promise<ClipSpec[]> {
  const root = resolve(folder);
  const transcripts: string[] = [];
  await findTranscripts(root, 0, transcripts);
  if (transcripts.length === 0) throw new DatasetError(`no *.trans.txt files under ${root}`);
  const clips: ClipSpec[] = [];
  for (const file of transcripts) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      const space = trimmed.search(/\s/);
      const id = space < 0 ? trimmed : trimmed.slice(0, space);
      const text = space < 0 ? '' : trimmed.slice(space + 1).trim();
      const audioPath = AUDIO_EXTENSIONS.map((ext) => join(dirname(file), `${id}${ext}`)).find((p) =>
        existsSync(p),
      );
      if (audioPath === undefined) throw new DatasetError(`${file}:${index + 1}: no audio file for ${id}`);
      clips.push({ id, text, audioPath });
    }
  }
  return clips;
}
