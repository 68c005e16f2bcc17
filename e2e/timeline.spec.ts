// The timeline's tracks, as a person uses them (fresh profile, start screen, clicks and keys): one lane per
// kind of event; hover and keyboard focus show a span's details and Enter goes there; next / previous data
// loss, error and I/O; zoom and pan with buttons, keys, the wheel and dragging, the cursor kept on screen;
// both designs in compare; thousands of steps drawn with a bounded number of paths; still compact.

import { expect, test, type Page } from '@playwright/test';
import {
  chooseRun,
  openApp,
  openFromStart,
  press,
  sim,
  waitForIdle,
} from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const tracksOf = (page: Page) =>
  page.getByRole('group', { name: /^Timeline tracks/ });

/** The first and last step a details text names ("steps 5–9: …" or "step 7: …"). */
function stepsIn(details: string): [number, number] {
  const m = /steps? (\d+)(?:–(\d+))?/.exec(details);
  if (m === null) throw new Error(`no steps in "${details}"`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

test('one lane per kind of event; hover and keyboard focus show the details, Enter goes there', async ({
  page,
}) => {
  // S2 under srcmap: a read-modify-write (a read I/O), then writeback (a write I/O).
  await openFromStart(page, 'S2', 'srcmap');
  const tracks = tracksOf(page);
  for (const track of ['op', 'write', 'writeback', 'io', 'verdict'])
    expect(
      await tracks.locator(`path[data-track="${track}"]`).count(),
      track,
    ).toBeGreaterThan(0);
  const details = page.getByTestId('track-details');
  await expect(details).toBeHidden();

  // Hover the read I/O: its details name it and its steps.
  const read = await tracks.locator('path.track-read').boundingBox();
  if (read === null) throw new Error('no read I/O drawn');
  await page.mouse.move(read.x + read.width / 2, read.y + read.height / 2);
  await expect(details).toBeVisible();
  await expect(details).toHaveText(
    /^read I\/O, steps? \d+(–\d+)?: .*read of 4K/,
  );
  await page.mouse.move(0, 0);
  await expect(details).toBeHidden();

  // Keyboard: ↓ to the I/O lane (operations, write iterations, writeback, I/O) picks the span nearest in
  // time to the one above; ← the one before it. The cursor does not move until Enter.
  await tracks.focus();
  const before = (await sim.position(page)).cursor;
  await press(page, 'ArrowDown', 3);
  await expect(details).toBeVisible();
  await expect(details).toHaveText(/^write I\/O, /);
  expect((await sim.position(page)).cursor).toBe(before);
  const [first] = stepsIn((await details.textContent()) ?? '');
  await press(page, 'ArrowLeft');
  await expect(details).toHaveText(/^read I\/O, /);
  const [second] = stepsIn((await details.textContent()) ?? '');
  expect(second).toBeLessThan(first);
  await press(page, 'Enter');
  expect((await sim.position(page)).cursor).toBe(second);
  await expect(tracks).toBeFocused();
  // ↓ ↓ ↓ to the verdicts: what the oracle says.
  await press(page, 'ArrowDown', 3);
  await expect(details).toHaveText(/^the oracle agrees, step \d+: /);
});

test('next / previous data loss, error and I/O jump between them, by button and by key', async ({
  page,
}) => {
  await openFromStart(page, 'S3', 'v1-posted');
  const firstLoss = await sim.findEvent(page, 'oracle.check', 0, 'DATA LOSS');
  const secondLoss = await sim.findEvent(
    page,
    'oracle.check',
    firstLoss + 1,
    'DATA LOSS',
  );
  expect(secondLoss).toBeGreaterThan(firstLoss);
  await page.getByRole('button', { name: 'Next data loss' }).click();
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(firstLoss);
  await press(page, 'l');
  expect((await sim.position(page)).cursor).toBe(secondLoss);
  await press(page, 'Shift+L');
  expect((await sim.position(page)).cursor).toBe(firstLoss);
  await expect(
    page.getByRole('button', { name: 'Previous data loss' }),
  ).toBeDisabled();

  // I/O: the next submission after the cursor, then back.
  const io = await sim.findEvent(page, 'io.submit', firstLoss + 1);
  await page.getByRole('button', { name: 'Next I/O' }).click();
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(io);
  // It is the run's only I/O (v1-posted zeroes instead of reading): nothing before it.
  await expect(
    page.getByRole('button', { name: 'Previous I/O' }),
  ).toBeDisabled();
  await press(page, 'Home');
  await press(page, 'i');
  expect((await sim.position(page)).cursor).toBe(io);
  await press(page, 'Shift+I');
  expect((await sim.position(page)).cursor).toBe(io);
  // S3 has no error: both error jumps are off.
  await expect(page.getByRole('button', { name: 'Next error' })).toBeDisabled();

  // A run with ENOSPC: the next error is its first error event.
  await chooseRun(page, 'enospc', 'srcmap');
  const error = await sim.findEvent(page, 'error');
  expect(error).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Next error' }).click();
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(error);
  await expect(
    page.getByRole('button', { name: 'Previous error' }),
  ).toBeDisabled();
  await press(page, 'End');
  await press(page, 'Shift+E');
  expect((await sim.position(page)).cursor).toBeGreaterThanOrEqual(error);
});

/** The zoom window as the zoom readout states it: [first, last] step, or null for the whole run. */
async function zoomRange(page: Page): Promise<[number, number] | null> {
  const text = (await page.getByTestId('zoom-range').textContent()) ?? '';
  if (text.startsWith('all ')) return null;
  return stepsIn(text);
}

test('zoom and pan with the buttons, the keys, the wheel and dragging; the cursor stays on screen', async ({
  page,
}) => {
  await openFromStart(page, 'S7', 'srcmap');
  const { events } = await sim.position(page);
  await expect(page.getByTestId('zoom-range')).toHaveText(
    `all ${String(events)} steps`,
  );
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const one = await zoomRange(page);
  expect(one).not.toBeNull();
  await expect(page.getByTestId('zoom-window')).toBeVisible();
  await press(page, 'w');
  const two = await zoomRange(page);
  if (one === null || two === null) throw new Error('not zoomed');
  expect(two[1] - two[0]).toBeLessThan(one[1] - one[0]);
  // Pan right with D, left with A.
  await press(page, 'd');
  const right = await zoomRange(page);
  expect(right?.[0]).toBeGreaterThan(two[0]);
  await press(page, 'a');
  expect(await zoomRange(page)).toEqual(two);

  // Drag the tracks to the left: later steps come on screen.
  const svg = tracksOf(page).locator('svg');
  const box = await svg.boundingBox();
  if (box === null) throw new Error('no tracks');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.6, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
  await page.mouse.up();
  await waitForIdle(page);
  const dragged = await zoomRange(page);
  expect(dragged?.[0]).toBeGreaterThan(two[0]);
  expect((dragged?.[1] ?? 0) - (dragged?.[0] ?? 0)).toBe(two[1] - two[0]);

  // The wheel zooms out around the pointer; "all" shows the whole run again.
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.wheel(0, 400);
  await waitForIdle(page);
  const out = await zoomRange(page);
  expect(out === null || out[1] - out[0] > two[1] - two[0]).toBe(true);
  await press(page, 'w');
  await press(page, 'w');
  // The cursor stays on screen: jumping to the end brings the window along.
  await press(page, 'End');
  const end = await zoomRange(page);
  expect(end?.[1]).toBe(events - 1);
  await page.getByRole('button', { name: 'Show the whole run' }).click();
  await expect(page.getByTestId('zoom-range')).toHaveText(
    `all ${String(events)} steps`,
  );
});

test('compare: both designs on every track, the second design linked', async ({
  page,
}) => {
  await openFromStart(page, 'S3', 'v1-posted');
  await page
    .getByRole('combobox', { name: 'Compare with', exact: true })
    .selectOption('srcmap');
  await waitForIdle(page);
  const tracks = tracksOf(page);
  await expect(tracks).toHaveAccessibleName(
    /each track: v1-posted above, srcmap below/,
  );
  for (const side of ['primary', 'secondary'])
    expect(
      await tracks
        .locator(`path[data-track="verdict"][data-side="${side}"]`)
        .count(),
    ).toBeGreaterThan(0);
  // v1-posted loses data, srcmap does not.
  await expect(
    tracks.locator('path.track-loss[data-side="primary"]'),
  ).not.toHaveCount(0);
  await expect(
    tracks.locator('path.track-loss[data-side="secondary"]'),
  ).toHaveCount(0);
  await expect(tracks.locator('.track-divergence')).toHaveCount(1);
});

test('thousands of steps: a bounded number of paths, zoomed out or in', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  const many = {
    id: 'many-writes',
    title: 'Three hundred small writes',
    description:
      'Three hundred 1-KiB writes across a 2 MiB file, then writeback.',
    files: [{ name: 'F', size: '2M' }],
    ops: [
      ...Array.from({ length: 300 }, (_, i) => ({
        op: 'write',
        file: 'F',
        offset: i * 6000,
        length: 1000,
      })),
      { op: 'writeback', file: 'F' },
    ],
  };
  await page.getByTestId('scenario-file').setInputFiles({
    name: 'many.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(many)),
  });
  await waitForIdle(page);
  const { events } = await sim.position(page);
  expect(events).toBeGreaterThan(5000);
  const paths = tracksOf(page).locator('svg path');
  // At most a few styles per lane, whatever the number of spans.
  expect(await paths.count()).toBeLessThan(20);
  for (let i = 0; i < 6; i++) await press(page, 'w');
  expect(await paths.count()).toBeLessThan(20);
  await press(page, 'End');
  expect(await paths.count()).toBeLessThan(20);
});

test('transport and timeline stay compact at 1280x720: the picture starts above the fold', async ({
  page,
}) => {
  await openFromStart(page, 'S3', 'v1-posted');
  const controls = await page
    .getByRole('region', { name: 'Playback and timeline' })
    .boundingBox();
  expect(controls).not.toBeNull();
  expect(controls?.height ?? 999).toBeLessThanOrEqual(150);
  const cache = await page
    .getByRole('region', { name: 'Page cache', exact: true })
    .boundingBox();
  expect((cache?.y ?? 999) + 160).toBeLessThan(720);
});
