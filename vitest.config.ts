import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // Catalog snapshots built while testing stay in the clone, not in the user's cache.
    env: { ERRCODE_CACHE_DIR: 'node_modules/.cache/errcode' },
  },
});
