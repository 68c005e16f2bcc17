// Bytes you can see, as a person meets them: from the start screen into S3 under v1-posted, step by step to
// the zeroing, where page 0's strip turns from "not filled" to zeros around the write and, zoomed in, the
// file's old bytes stand beside the zeros that replace them; under srcmap the same bytes are read from disk.

import { expect, test, type Page } from '@playwright/test';
import { openFromStart, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const strip = (page: Page) => page.getByTestId('byte-strip-0-0');

async function stepTo(page: Page, kind: string): Promise<void> {
  await sim.seekTo(page, (await sim.findEvent(page, kind)) - 1);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await waitForIdle(page);
}

test('under v1-posted the old bytes around the write turn into zeros; under srcmap they are read from disk', async ({
  page,
}) => {
  await openFromStart(page, 'S3', 'v1-posted');
  await sim.seekTo(page, (await sim.findEvent(page, 'page.zero')) - 1);
  await expect(strip(page)).toHaveAccessibleName(
    'Page 0, block 0: bytes 0 to 4095 not filled',
  );
  await page.getByRole('button', { name: 'Step forward' }).click();
  await waitForIdle(page);
  await expect(strip(page)).toHaveAccessibleName(
    'Page 0, block 0: bytes 0 to 99 zeros; bytes 100 to 299 not filled; bytes 300 to 4095 zeros',
  );
  // Zoomed in: the page's first bytes are zeros where the file held its own bytes, marked lost.
  await page.getByRole('button', { name: 'Show the bytes' }).click();
  const hex = page.getByRole('table', {
    name: 'Bytes of page 0, block 0, in hex',
  });
  const first = hex.getByRole('row').nth(1);
  await expect(first.getByRole('cell').first()).toHaveText(/^(00 ){15}00$/);
  await expect(first.getByRole('cell').nth(1)).toHaveText(
    '01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10',
  );
  expect(await hex.locator('.lost').count()).toBeGreaterThan(0);
  await stepTo(page, 'page.copy');
  await expect(strip(page)).toHaveAccessibleName(/bytes 100 to 299 user data/);

  await page
    .getByRole('combobox', { name: 'Design', exact: true })
    .selectOption('srcmap');
  await waitForIdle(page);
  await stepTo(page, 'page.read');
  await expect(strip(page)).toHaveAccessibleName(
    'Page 0, block 0: bytes 0 to 4095 read from disk',
  );
  await stepTo(page, 'page.copy');
  await expect(strip(page)).toHaveAccessibleName(
    'Page 0, block 0: bytes 0 to 99 read from disk; bytes 100 to 299 user data; bytes 300 to 4095 read from disk',
  );
  await expect(hex.locator('.lost')).toHaveCount(0);
});
