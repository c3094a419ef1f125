import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that spawn `herald` run the compiled dist/; this rebuilds it when src/ changed.
    globalSetup: ['tests/setup/build-dist.ts'],
    // Integration tests start real `herald` processes; on a loaded 2-core machine a start alone
    // can take several seconds. The limit only bounds a hang; a passing test is no slower.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
