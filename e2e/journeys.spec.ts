// Journeys as a person takes them, from a fresh profile and the start screen: scrubbing the timeline with
// the mouse lands on the same state stepping reaches; Play runs to the end and stops there with the verdict;
// Copy link puts a link on the clipboard that opens the same view in another fresh profile.

import { expect, test, type Page } from '@playwright/test';
import { openFromStart, press, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

function scrubber(page: Page) {
  return page.getByRole('slider', { name: 'Step (scrub the timeline)' });
}

async function positionOf(page: Page): Promise<number> {
  return (await sim.position(page)).cursor;
}

test('scrubbing the timeline with the mouse reaches the state stepping reaches', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFromStart(page, 'S3', 'v1-posted');
  const { events } = await sim.position(page);
  expect(events).toBeGreaterThan(40);
  const slider = scrubber(page);
  await expect(slider).toBeInViewport();
  const box = await slider.boundingBox();
  expect(box).not.toBeNull();
  if (box === null) return;
  const y = box.y + box.height / 2;
  // Press near the start, drag past the middle, release: the cursor follows the pointer the whole way.
  await page.mouse.move(box.x + box.width * 0.1, y);
  await page.mouse.down();
  await waitForIdle(page);
  const early = await positionOf(page);
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 8 });
  await waitForIdle(page);
  const middle = await positionOf(page);
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
  await page.mouse.up();
  await waitForIdle(page);
  const late = await positionOf(page);
  expect(early).toBeLessThan(middle);
  expect(middle).toBeLessThan(late);
  expect(late).toBeLessThan(events - 1);
  await expect(slider).toHaveValue(String(late));
  await expect(page.getByTestId('position')).toHaveAttribute(
    'data-seq',
    String(late),
  );

  // The state the scrub landed on is the state the keyboard reaches from the start.
  const scrubbed = await sim.stateJson(page);
  const narration = await page.getByTestId('narration-primary').textContent();
  await press(page, 'Home');
  expect(await positionOf(page)).toBe(0);
  await press(page, 'ArrowRight', late);
  expect(await positionOf(page)).toBe(late);
  expect(await sim.stateJson(page)).toBe(scrubbed);
  await expect(page.getByTestId('narration-primary')).toHaveText(
    narration ?? '',
  );
});

test('Play runs S3 under v1-posted to its last step, stops there and shows the data loss', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFromStart(page, 'S3', 'v1-posted');
  const { events } = await sim.position(page);
  const transport = page.getByRole('toolbar', { name: 'Playback' });
  const faster = transport.getByRole('button', { name: 'Faster' });
  await transport.getByRole('button', { name: 'Play' }).click();
  await expect(transport.getByRole('button', { name: 'Pause' })).toBeVisible();
  // While it plays, the person speeds it up to the fastest speed.
  while (await faster.isEnabled()) await faster.click();
  await expect
    .poll(() => positionOf(page), { timeout: 60_000 })
    .toBe(events - 1);
  // Play stops by itself at the end: the button offers Play again and the cursor stays.
  await expect(transport.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(
    transport.getByRole('button', { name: 'Jump to end' }),
  ).toBeVisible();
  expect(await positionOf(page)).toBe(events - 1);
  await expect(page.getByTestId('position')).toContainText(
    `step ${String(events - 1)} / ${String(events - 1)}`,
  );
  // The run it played is the run with the v1 data loss: its marker is on the timeline behind the cursor.
  const losses = page
    .getByRole('group', { name: /^Timeline tracks/ })
    .locator('path.track-loss');
  expect(await losses.count()).toBeGreaterThan(0);
  await expect(
    transport.getByRole('button', { name: 'Next data loss' }),
  ).toBeDisabled();
  await expect(
    transport.getByRole('button', { name: 'Previous data loss' }),
  ).toBeEnabled();
});

test('Copy link opens the same view in a fresh profile', async ({
  browser,
}) => {
  const first = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await first.newPage();
  await openFromStart(page, 'S12', 'srcmap');
  await press(page, 'PageDown', 2);
  await press(page, 'ArrowRight', 7);
  const state = await sim.stateJson(page);
  const narration = await page.getByTestId('narration-primary').textContent();
  const at = await positionOf(page);

  await page
    .getByRole('group', { name: 'Share and export' })
    .getByRole('button', { name: 'Copy link' })
    .click();
  await expect(
    page.getByRole('group', { name: 'Share and export' }).getByRole('status'),
  ).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http/);
  await first.close();

  // Someone else opens it: a new profile, no saved view, the link typed into the address bar.
  const second = await browser.newContext({
    viewport: { width: 1280, height: 720 },
  });
  const other = await second.newPage();
  await other.goto(link);
  await waitForIdle(other);
  await expect(
    other.getByRole('combobox', { name: 'Scenario', exact: true }),
  ).toHaveValue('S12');
  await expect(
    other.getByRole('combobox', { name: 'Design', exact: true }),
  ).toHaveValue('srcmap');
  expect(await positionOf(other)).toBe(at);
  expect(await sim.stateJson(other)).toBe(state);
  await expect(other.getByTestId('narration-primary')).toHaveText(
    narration ?? '',
  );
  await second.close();
});
