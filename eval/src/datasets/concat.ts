/**
 * Longer utterances from a manifest's clips: each run of `per` consecutive clips is joined into
 * one WAV with `gapMs` of silence between clips (16 kHz), its reference the joined texts. For
 * streaming measurements on held-out speech (a ~7 s utterance from 3 clips, a ~3 min item from 70).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWavPcm16, resampleClip } from '@earshot/core/audio';
import { decodeAudioFile } from './decode-audio.ts';
import { loadJsonlManifest } from './jsonl.ts';

/** Options of `concatManifest`. */
export interface ConcatOptions {
  /** Clips per utterance. */
  readonly per: number;
  /** Silence between clips, in ms. */
  readonly gapMs: number;
  /** Most utterances to write (default: as many as the manifest fills). */
  readonly limit?: number;
}

/** Writes the joined utterances and their `manifest.jsonl` into `out`; resolves to how many were written. */
export async function concatManifest(manifest: string, out: string, options: ConcatOptions): Promise<number> {
  const clips = await loadJsonlManifest(manifest);
  await mkdir(out, { recursive: true });
  const lines: string[] = [];
  const gap = new Float32Array(Math.round((options.gapMs / 1000) * 16_000));
  for (let start = 0; start + options.per <= clips.length; start += options.per) {
    if (options.limit !== undefined && lines.length >= options.limit) break;
    const group = clips.slice(start, start + options.per);
    const parts: Float32Array[] = [];
    for (const [i, clip] of group.entries()) {
      const audio = await decodeAudioFile(clip.audioPath);
      if (i > 0) parts.push(gap);
      parts.push(resampleClip(audio.samples, audio.sampleRate, 16_000));
    }
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    const id = `joined-${String(lines.length).padStart(4, '0')}`;
    await writeFile(join(out, `${id}.wav`), encodeWavPcm16(joined, 16_000));
    lines.push(JSON.stringify({ id, audio: `${id}.wav`, text: group.map((c) => c.text).join(' ') }));
  }
  await writeFile(join(out, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return lines.length;
}
