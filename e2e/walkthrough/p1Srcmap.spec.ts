// Walkthrough chapter 1/6 (srcmap plumbing), gone through as a reviewer would.

import { expect, test } from '@playwright/test';
import { waitForIdle } from '../fixtures.ts';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 1/6: one map or two, nested lookup, source address', async ({
  page,
}) => {
  await tour(page, 'p1-srcmap', async (stop) => {
    const iomap = page
      .getByTestId('compare-primary')
      .getByTestId('iomap-text-primary');
    if (stop === 0) {
      // The only difference on an aligned overwrite: a HOLE srcmap beside the DELALLOC iomap.
      await expect(page.getByTestId('walkthrough-divergence')).toContainText(
        'srcmap HOLE',
      );
    }
    if (stop === 1) {
      await expect(page.getByTestId('walkthrough-counters')).toContainText(
        '->iomap_begin calls 2 vs 1',
      );
      await expect(iomap).toBeVisible();
    }
    if (stop === 2)
      await expect(page.getByTestId('walkthrough-counters')).toHaveText('none');
  });
  // The chapter ends with a way on to 2/6.
  await page.getByRole('button', { name: 'Next chapter →' }).first().click();
  await waitForIdle(page);
  await expect(page.getByTestId('walkthrough-chapter-title')).toContainText(
    '2/6',
  );
});
