// `npm start` serves a working app: the dev server (modules compiled on request, no bundle) opens on a
// first visit and runs a scenario. Every other spec runs against the production build.

import { expect, test } from '@playwright/test';
import { sim, waitForIdle } from './fixtures.ts';
import { startDevServer, type Running } from './servers.ts';

test.describe.configure({ timeout: 120_000 });

let dev: Running;
test.beforeAll(async () => {
  dev = await startDevServer();
});
test.afterAll(async () => {
  await dev.close();
});

test('the dev server serves the app, which runs a scenario to its end', async ({
  page,
}) => {
  await page.goto(`${dev.url}?scenario=S3&design=v1-posted`);
  await waitForIdle(page);
  await expect(page.getByTestId('scenario-summary')).toContainText('S3');
  await page.keyboard.press('End');
  await waitForIdle(page);
  const { cursor, events } = await sim.position(page);
  expect(cursor).toBe(events - 1);
  await expect(page.getByTestId('verdict-primary')).toContainText('DATA LOSS');
  // The dev server registers no service worker: a cache would keep edited code from showing.
  expect(
    await page.evaluate(() => navigator.serviceWorker.getRegistrations()),
  ).toEqual([]);
});
