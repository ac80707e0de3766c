#!/usr/bin/env node
// The `earshot` command: src/cli/main.ts through tsx in the repository, the built dist/ when
// installed (see source-hooks.mjs; EARSHOT_DIST=1 runs dist/ in the repository as well).
import { runEntry } from './source-hooks.mjs';

await runEntry('cli/main');
