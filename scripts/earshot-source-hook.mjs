// A Node module-resolution hook that adds the "earshot-source" export condition (the same as
// `node --conditions=earshot-source`): workspace packages resolve to their TypeScript sources.
// For processes that cannot be given the flag, e.g. Playwright's (e2e/playwright.config.ts):
//   import { register } from 'node:module'; register('../scripts/earshot-source-hook.mjs', import.meta.url);
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('earshot-source')
    ? context.conditions
    : ['earshot-source', ...context.conditions];
  return next(specifier, { ...context, conditions });
}
