// Walkthrough chapter 3/6 (page->private ownership), gone through as a reviewer would.

import { expect, test } from '@playwright/test';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 3/6: who owns page->private', async ({ page }) => {
  await tour(page, 'p3-page-private', async (stop) => {
    const story = page
      .getByTestId('compare-primary')
      .getByTestId('narration-primary');
    if (stop === 0)
      await expect(page.getByTestId('walkthrough-divergence')).toContainText(
        'through iomap',
      );
    if (stop === 1) await expect(story).toContainText('page->private');
    if (stop === 2) await expect(story).toContainText('EXTENT_PAGE_PRIVATE');
  });
});
