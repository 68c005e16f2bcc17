// The reservations view mid-flush (the 'enospc' scenario at step 773, where FLUSH_DELALLOC_FULL begins for
// the waiting ticket) at 1280x720 and 1920x1080 in both themes: block groups per type, unallocated space, the
// ticket queue and the flush state running are on screen; and the tutorial "What btrfs does before it says
// ENOSPC", reached from the start screen. Screenshots go to the test's output directory.

import { expect, test } from '@playwright/test';
import { openApp, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

for (const size of SIZES)
  for (const theme of ['light', 'dark'] as const)
    test(`space view at ${String(size.width)}x${String(size.height)} (${theme})`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await openApp(page, '/?scenario=enospc&design=srcmap&step=773');
      const space = page.getByTestId('space-primary');
      await space.scrollIntoViewIfNeeded();
      await expect(space.getByTestId('groups-data')).toBeVisible();
      await expect(space.getByTestId('groups-metadata')).toBeVisible();
      await expect(space.getByTestId('device-unallocated')).toBeVisible();
      await expect(space.getByTestId('ticket-queue')).toContainText('64K');
      await expect(space.getByTestId('flush-data')).toContainText(
        'FLUSH_DELALLOC_FULL',
      );
      await page.screenshot({
        path: test
          .info()
          .outputPath(`space-${String(size.width)}-${theme}.png`),
        animations: 'disabled',
      });
      await space.screenshot({
        path: test
          .info()
          .outputPath(`space-panel-${String(size.width)}-${theme}.png`),
        animations: 'disabled',
      });
    });

for (const size of SIZES)
  for (const theme of ['light', 'dark'] as const)
    test(`tutorial "What btrfs does before it says ENOSPC" at ${String(size.width)}x${String(size.height)} (${theme})`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await openApp(page, '/');
      const start = page.getByTestId('start-screen');
      await start
        .getByRole('link', {
          name: 'What btrfs does before it says ENOSPC',
          exact: true,
        })
        .click();
      await waitForIdle(page);
      await expect(page.getByTestId('tutorial-progress')).toContainText(
        'Checkpoint 1 of 6',
      );
      await expect(page.getByTestId('space-primary')).toBeVisible();
      await page.screenshot({
        path: test
          .info()
          .outputPath(`tutorial-${String(size.width)}-${theme}.png`),
        animations: 'disabled',
      });
    });
