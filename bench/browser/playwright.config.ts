// Playwright config of the browser bench: only bench/browser/*.bench.ts, one worker, against a production
// build (made by bench/main.ts into BENCH_DIST) served by `vite preview` on the bench's own port.

import { defineConfig } from '@playwright/test';
import { BENCH_PORT, BENCH_URL } from './port.ts';

const dist = process.env.BENCH_DIST ?? 'dist';

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The UI part loads a 1 GiB file, whose setup and data oracle take minutes on a busy machine.
  timeout: 12 * 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench',
  webServer: {
    command: `npx vite preview -c bench/browser/vite.config.ts --outDir ${dist} --port ${String(BENCH_PORT)} --strictPort`,
    cwd: '../..',
    url: BENCH_URL,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
  },
});
