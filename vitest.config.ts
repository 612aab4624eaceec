import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', { test: { name: 'scripts', include: ['scripts/**/*.test.ts'] } }],
    // The second names, last of all, any test file whose process died before it finished.
    reporters: ['default', './scripts/unfinished-test-files.ts'],
  },
});
