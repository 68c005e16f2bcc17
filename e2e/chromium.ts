// Which Chromium the browser tests (and benchmarks) launch: Playwright's own when installed, else the
// system's (CHROMIUM_PATH, /usr/bin/chromium, ...). With neither, fail at once with how to get one.

import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Flags for a headless Chromium on a locked-down machine with no network (and as root). */
const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions(): LaunchOptions {
  const bundled = chromium.executablePath();
  if (bundled !== '' && existsSync(bundled)) return { args: QUIET_ARGS };
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv))
      throw new Error(
        `CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`,
      );
    return { executablePath: fromEnv, args: QUIET_ARGS };
  }
  const system = SYSTEM_CANDIDATES.find((path) => existsSync(path));
  if (system !== undefined) return { executablePath: system, args: QUIET_ARGS };
  throw new Error(
    [
      'No Chromium found for the browser tests.',
      'Install one of:',
      '  npx playwright install chromium        (Playwright’s own build, needs network access to its CDN)',
      '  sudo apt-get install chromium          (Debian/Ubuntu system package; then /usr/bin/chromium is used)',
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    ].join('\n'),
  );
}
