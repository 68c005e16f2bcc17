import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.ts';

// E2E_PORT lets two checkouts (or two sessions) run the suite at once without sharing a server.
const PORT = Number(process.env.E2E_PORT ?? 4174);
// The specs run against the production build (`vite build`, then `vite preview`): what users get.
// E2E_SERVER=dev runs them against the dev server instead (no build step; quicker while editing).
const DEV = process.env.E2E_SERVER === 'dev';
const CI =
  process.env.CI !== undefined &&
  process.env.CI !== '' &&
  process.env.CI !== 'false';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: CI,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: {
    timeout: 10_000,
    // Pixel baselines (e2e/screenshots.spec.ts) are the committed docs/screenshots. A few pixels of
    // anti-aliasing may differ; a moved panel or a changed colour differs in thousands.
    toHaveScreenshot: {
      threshold: 0.2,
      maxDiffPixelRatio: 0.002,
      animations: 'disabled',
      caret: 'hide',
    },
  },
  snapshotPathTemplate: 'docs/screenshots/{arg}{ext}',
  // A missing baseline fails everywhere; `--update-snapshots` writes them on purpose.
  updateSnapshots: 'none',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${String(PORT)}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: DEV
      ? `npx vite --host 127.0.0.1 --port ${String(PORT)} --strictPort`
      : `npx vite build --logLevel error && npx vite preview --host 127.0.0.1 --port ${String(PORT)} --strictPort`,
    env: { IOMAP_E2E: '1' },
    url: `http://127.0.0.1:${String(PORT)}`,
    reuseExistingServer: !CI,
    timeout: 300_000,
    stdout: 'ignore',
  },
});
