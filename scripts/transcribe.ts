/**
 * `npm run transcribe -- <file.wav>... [--model <folder|name>] [--language en] [--prompt text] [--device auto|cuda|cpu]`:
 * the `earshot transcribe` command (packages/server/src/cli/transcribe.ts) on the embedded model by default.
 */
import { runCli } from '../packages/server/src/cli/program.ts';

await runCli([process.argv[0] ?? 'node', 'earshot', 'transcribe', ...process.argv.slice(2)]);
