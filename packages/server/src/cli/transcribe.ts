/** `earshot transcribe <file.wav>...` (and `npm run transcribe`): prints the transcript of each WAV file. */
import { statSync } from 'node:fs';
import { loadNodeRecognizer } from '../model/index.ts';
import { resolveModelFolder } from '../pull/index.ts';
import { transcribeFile } from '../transcribe/index.ts';

/** Flags of `earshot transcribe`. */
export interface TranscribeFlags {
  readonly model?: string;
  readonly language?: string;
  readonly prompt?: string;
  readonly device?: 'auto' | 'cuda' | 'cpu';
}

/**
 * Transcribes `files` in order with one recognizer, a line `<file>: <text>` each on stdout and the
 * timing on stderr; every file is checked before the model loads, so a missing one fails at once.
 */
export async function transcribeCommand(files: readonly string[], flags: TranscribeFlags): Promise<void> {
  for (const file of files) statSync(file);
  const recognizer = await loadNodeRecognizer({
    folder: flags.model === undefined ? undefined : resolveModelFolder(flags.model),
    device: flags.device ?? 'auto',
  });
  for (const file of files) {
    const result = await transcribeFile(recognizer, file, {
      language: flags.language ?? null,
      prompt: flags.prompt ?? null,
    });
    const rtf = result.decodeSeconds / result.audioSeconds;
    process.stdout.write(`${file}: ${result.text}\n`);
    process.stderr.write(
      `  ${result.audioSeconds.toFixed(2)} s of audio in ${result.decodeSeconds.toFixed(2)} s (RTF ${rtf.toFixed(3)}) with ${recognizer.model}\n`,
    );
  }
}
