import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the integration tests start a push service process each: one file at a time on small machines
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
