// In the repository (src/ beside bin/) Earshot's server runs its TypeScript sources through tsx
// with the "earshot-source" export condition, so workspace packages resolve to their sources too:
// no build step. `runEntry` imports the source module of an entry point that way, or its built
// dist/ module in an installed package (no src/) or with EARSHOT_DIST=1. Used by the `earshot`
// command and by the decode thread's entry (a worker thread does not inherit the module hooks).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

/** Imports `src/<path>.ts` through tsx when the sources are here, else `dist/<path>.js`. */
export async function runEntry(path) {
  const source = new URL(`../src/${path}.ts`, import.meta.url);
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
    await import(new URL(`../dist/${path}.js`, import.meta.url).href);
  }
}
