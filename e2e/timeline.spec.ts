// The timeline's markers name themselves (a tooltip and an accessible name each), and the data-loss jumps
// go from one oracle disagreement to the next and back. Fresh profile, start screen, clicks and keys.

import { expect, test } from '@playwright/test';
import { openFromStart, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

test('markers have a tooltip and a name; next / previous data loss jump between them', async ({
  page,
}) => {
  await openFromStart(page, 'S3', 'v1-posted');

  const timeline = page.getByRole('group', { name: /^Timeline/ });
  const io = timeline.getByRole('img', {
    name: /^I\/O submitted at step \d+: /,
  });
  expect(await io.count()).toBeGreaterThan(0);
  const losses = timeline.getByRole('img', {
    name: /^data loss \(the oracle disagrees\) at step \d+: DATA LOSS/,
  });
  const n = await losses.count();
  expect(n).toBeGreaterThan(1);
  // The tooltip says what the name says.
  const first = losses.first();
  await expect(first.locator('title')).toHaveText(
    (await first.getAttribute('aria-label')) ?? '',
  );
  const seqs = await losses.evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-seq'))),
  );

  await page.getByRole('button', { name: 'Next data loss' }).click();
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(seqs[0]);
  await page.keyboard.press('l');
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(seqs[1]);
  await page.keyboard.press('Shift+L');
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(seqs[0]);
  await expect(
    page.getByRole('button', { name: 'Previous data loss' }),
  ).toBeDisabled();
});
