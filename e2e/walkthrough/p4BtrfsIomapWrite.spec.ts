// Walkthrough chapter 4/6 (btrfs buffered writes through iomap), gone through as a reviewer would.

import { expect, test } from '@playwright/test';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 4/6: the btrfs write loop as ->iomap_begin/->iomap_end', async ({
  page,
}) => {
  await tour(page, 'p4-btrfs-iomap-write', async (stop) => {
    if (stop === 0) {
      // The port keeps the reservations: the only counter that differs is the call into ->iomap_begin.
      await expect(page.getByTestId('walkthrough-counters')).toContainText(
        '->iomap_begin calls 1 vs 0',
      );
      await expect(page.getByTestId('review-point')).toContainText(
        'No one replied to 4/6',
      );
    }
    if (stop === 1)
      await expect(
        page.getByTestId('compare-primary').getByTestId('iomap-text-primary'),
      ).toContainText('DELALLOC');
  });
});
