/** JSONL manifests: one `{"audio": "<path>", "text": "<reference>", "id"?: "<id>"}` per line; paths are relative to the manifest. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ClipSpec, DatasetError } from './types.ts';

/** Lists the clips of a JSONL manifest (blank lines skipped; ids default to the line number). */
export async function loadJsonlManifest(path: string): Promise<ClipSpec[]> {
  const file = resolve(path);
  const lines = (await readFile(file, 'utf8')).split('\n');
  const clips: ClipSpec[] = [];
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${file}:${index + 1}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new DatasetError(`${where}: not JSON`);
    }
    if (typeof entry !== 'object' || entry === null) throw new DatasetError(`${where}: expected an object`);
    const { audio, text, id } = entry as Record<string, unknown>;
    if (typeof audio !== 'string' || audio === '') throw new DatasetError(`${where}: "audio" must be a path`);
    if (typeof text !== 'string') throw new DatasetError(`${where}: "text" must be a string`);
    const clipId = typeof id === 'string' && id !== '' ? id : String(index + 1);
    if (seen.has(clipId)) throw new DatasetError(`${where}: duplicate id ${clipId}`);
    seen.add(clipId);
    clips.push({ id: clipId, text, audioPath: resolve(dirname(file), audio) });
  }
  if (clips.length === 0) throw new DatasetError(`${file}: no clips`);
  return clips;
}
