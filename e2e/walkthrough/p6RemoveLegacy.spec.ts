// Walkthrough chapter 6/6 (the old loop removed), gone through as a reviewer would.

import { expect, test } from '@playwright/test';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 6/6: a pure removal, and what the removed loop did', async ({
  page,
}) => {
  await tour(page, 'p6-remove-legacy', async (stop) => {
    if (stop === 0)
      await expect(page.getByTestId('compare-table')).toContainText(
        'v1-posted',
      );
    if (stop === 1)
      await expect(page.getByTestId('walkthrough-counters')).toContainText(
        '->iomap_begin calls 0 vs 1',
      );
  });
});
