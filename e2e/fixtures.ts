// Shared Playwright helpers: wait for the app's idle signal (never a timed wait).

import type { Page } from '@playwright/test';

export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__sim !== undefined);
  await page.evaluate(() => window.__sim?.waitForIdle());
}

/** Opens the app and waits until the engine has answered everything it was asked. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitForIdle(page);
}

declare global {
  interface Window {
    __sim?: { waitForIdle(): Promise<void> };
  }
}
