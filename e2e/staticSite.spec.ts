// The production build as a user hosts it: dist/ copied to any static host, under any path, keeps working
// offline once loaded. The build here is the one the whole suite runs against (playwright.config.ts).

import { expect, test } from '@playwright/test';
import { sim, waitForIdle } from './fixtures.ts';
import { serveStatic } from './servers.ts';

const dist = new URL('../dist', import.meta.url).pathname;

test.describe.configure({ timeout: 120_000 });

test('the built site works from a sub-path and, once loaded, offline with the server gone', async ({
  page,
  context,
}) => {
  const host = await serveStatic(dist, '/tools/iomap-explorer/');
  try {
    await page.goto(`${host.url}?scenario=S3&design=v1-posted`);
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-summary')).toContainText('S3');
    // The scenario schema is published beside the app.
    const schema = await page.evaluate(async () => {
      const r = await fetch('./scenario.schema.json');
      return r.ok ? ((await r.json()) as { title?: string }).title : null;
    });
    expect(schema).toBe('iomap-explorer scenario');
    // The service worker has cached the whole build and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller === null)
        await new Promise((resolve) => {
          navigator.serviceWorker.addEventListener('controllerchange', resolve);
        });
    });
  } finally {
    await host.close();
  }

  // No server, no network: a reload still opens the app, and the engine still runs.
  await context.setOffline(true);
  await page.reload();
  await waitForIdle(page);
  await expect(page.getByTestId('scenario-summary')).toContainText('S3');
  await page
    .getByRole('combobox', { name: 'Scenario', exact: true })
    .selectOption('S2');
  await waitForIdle(page);
  await page.keyboard.press('End');
  await waitForIdle(page);
  const { cursor, events } = await sim.position(page);
  expect(events).toBeGreaterThan(0);
  expect(cursor).toBe(events - 1);
  await expect(page.getByTestId('verdict-primary')).toContainText('DATA LOSS');
});
