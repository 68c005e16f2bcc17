// Walkthrough chapter 5/6 (CoW through the srcmap, and the overwritten type), gone through as a reviewer
// would.

import { expect, test } from '@playwright/test';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 5/6: the COW type is overwritten and the old bytes are zeroed', async ({
  page,
}) => {
  await tour(page, 'p5-btrfs-cow', async (stop) => {
    const counters = page.getByTestId('walkthrough-counters');
    if (stop < 3) {
      await expect(counters).toContainText('bytes zeroed 3896B vs 0B');
      // The compare table marks the write as the first operation whose outcome differs.
      await expect(
        page.getByTestId('first-divergent-op').first(),
      ).toContainText('DATA LOSS');
    }
    if (stop === 1)
      // The srcmap address counts the 100-byte offset twice (extent at 1048576).
      await expect(page.getByTestId('walkthrough-divergence')).toContainText(
        'step',
      );
    if (stop === 3) await expect(counters).toHaveText('none');
  });
});
