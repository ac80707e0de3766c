import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "earshot-source" export condition,
// before Vite's defaults): the tests need no `npm run build`.
export default defineConfig({
  resolve: { conditions: ['earshot-source', ...defaultClientConditions] },
  ssr: {
    resolve: {
      conditions: ['earshot-source', ...defaultServerConditions],
      externalConditions: ['earshot-source'],
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'eval/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
