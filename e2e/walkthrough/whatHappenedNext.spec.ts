// Walkthrough closing chapter (what happened next), gone through as a reviewer would; then back a chapter
// with the { key, and the walkthrough closed.

import { expect, test } from '@playwright/test';
import { waitForIdle } from '../fixtures.ts';
import { expectAccessible, tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('what happened next: the v2 fix, the 5.5 semantics, the alternatives, btrfs on its own loop, XFS', async ({
  page,
}) => {
  const chapter = await tour(page, 'next', async (stop) => {
    const counters = page.getByTestId('walkthrough-counters');
    if (stop === 1) await expect(counters).toContainText('sync reads 2 vs 0');
    if (stop === 2) {
      // In the write: three ->iomap_begin calls (one plus two nested) against two iterations, and one
      // extent lock cycle and one reservation against two.
      await expect(counters).toContainText(
        'write(F, 2K at 7K): ->iomap_begin calls 3 vs 2; extent lock cycles 1 vs 2; data reservations 1 vs 2',
      );
    }
    if (stop === 4) {
      // XFS on X2 beside srcmap on S2: XFS's forks beside btrfs's extents, the same srcmap read.
      await expect(
        page.getByText('on S2, its version for the other'),
      ).toBeVisible();
      await expect(page.getByTestId('xfs-forks-primary')).toBeVisible();
      await expect(page.getByTestId('extents-secondary')).toBeVisible();
      // Only the counters both filesystems keep are compared (XFS has no extent lock and no btrfs
      // reservations): the iomap core did the same work in both.
      await expect(counters).toHaveText('none');
    }
  });
  await expect(
    page.getByRole('button', { name: 'Next chapter →' }).first(),
  ).toBeDisabled();
  // The dark theme passes axe too.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expectAccessible(page);
  // { goes back to 6/6, at its first stop.
  await page.getByTestId('walkthrough-chapter-title').click();
  await page.keyboard.press('{');
  await waitForIdle(page);
  await expect(page.getByTestId('walkthrough-chapter-title')).toContainText(
    '6/6',
  );
  await expect(page.getByTestId('walkthrough-stop-title')).toContainText(
    'Stop 1',
  );
  expect(page.url()).toContain('walkthrough=p6-remove-legacy');
  await page.getByRole('button', { name: 'Close walkthrough' }).click();
  await expect(page.getByTestId('walkthrough')).toHaveCount(0);
  expect(page.url()).not.toContain('walkthrough=');
  expect(chapter.stops.length).toBe(5);
});
