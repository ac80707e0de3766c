/**
 * `npm run transcribe -- <file.wav> [--model <folder>] [--language en] [--prompt text] [--device auto|cuda|cpu]`:
 * prints the transcript of each file using the Node host (embedded model by default).
 */
import { parseArgs } from 'node:util';
import { loadNodeRecognizer } from '../packages/server/src/model/index.ts';
import { resolveModelFolder } from '../packages/server/src/pull/index.ts';
import { transcribeFile } from '../packages/server/src/transcribe/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string' },
    language: { type: 'string' },
    prompt: { type: 'string' },
    device: { type: 'string', default: 'auto' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || positionals.length === 0) {
  console.log(
    'usage: npm run transcribe -- <file.wav>... [--model <folder>] [--language <iso-639-1>] [--prompt <text>] [--device auto|cuda|cpu]',
  );
  process.exit(positionals.length === 0 && !values.help ? 2 : 0);
}
const device = values.device === 'cuda' || values.device === 'cpu' ? values.device : 'auto';
const recognizer = await loadNodeRecognizer({
  folder: values.model === undefined ? undefined : resolveModelFolder(values.model),
  device,
});
for (const file of positionals) {
  const result = await transcribeFile(recognizer, file, {
    language: values.language ?? null,
    prompt: values.prompt ?? null,
  });
  const rtf = result.decodeSeconds / result.audioSeconds;
  console.log(`${file}: ${result.text}`);
  console.error(
    `  ${result.audioSeconds.toFixed(2)} s of audio in ${result.decodeSeconds.toFixed(2)} s (RTF ${rtf.toFixed(3)}) with ${recognizer.model}`,
  );
}
