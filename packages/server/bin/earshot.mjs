#!/usr/bin/env node
// The `earshot` command. In the repository (src/ beside this file) it runs the TypeScript sources
// through tsx with the "earshot-source" export condition, so workspace packages resolve to their
// sources too: no build step. An installed package (no src/) runs the built dist/.
// EARSHOT_DIST=1 runs dist/ in the repository as well (after `npm run build`).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source) && process.env.EARSHOT_DIST !== '1') {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  // Registered last, so it runs first: adds the condition for tsx's resolver and Node's.
  const hook = `export async function resolve(specifier, context, next) {
    const conditions = context.conditions.includes('earshot-source') ? context.conditions : ['earshot-source', ...context.conditions];
    return next(specifier, { ...context, conditions });
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  await import(source.href);
} else {
  await import('../dist/cli/main.js');
}
