/** Entry point of the `earshot` command (see bin/earshot.mjs). */
import { runCli } from './program.ts';

await runCli(process.argv);
