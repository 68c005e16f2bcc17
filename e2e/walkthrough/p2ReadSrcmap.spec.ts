// Walkthrough chapter 2/6 (write_begin reads from the srcmap), gone through as a reviewer would.

import { expect, test } from '@playwright/test';
import { tour } from './walkthroughTour.ts';

test.describe.configure({ timeout: 300_000 });

test('chapter 2/6: write_begin reads the old block from the srcmap', async ({
  page,
}) => {
  await tour(page, 'p2-read-srcmap', async (stop) => {
    const counters = page.getByTestId('walkthrough-counters');
    await expect(counters).toContainText('sync reads 1 vs 0');
    if (stop === 1) {
      // The read is drawn from the disk to the page; the iomap text names the source map it came from.
      const left = page.getByTestId('compare-primary');
      await expect(left.getByTestId('srcmap-read-arrow')).toHaveCount(1);
      await expect(left.getByTestId('iomap-text-primary')).toContainText(
        'srcmap',
      );
    }
  });
  // Previous stop with the [ key, after clicking into the chapter text.
  await page.getByTestId('walkthrough-chapter-title').click();
  await page.keyboard.press('[');
  await expect(page.getByTestId('walkthrough-stop-title')).toContainText(
    'Stop 1 of 2',
  );
});
