import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dawn's Node bindings are a native addon: one process per test file keeps devices isolated.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { XDG_RUNTIME_DIR: '/tmp' },
  },
});
