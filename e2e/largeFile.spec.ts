import { expect, test, type Page } from '@playwright/test';
import { openApp, sim, waitForIdle } from './fixtures.ts';

// SIMPLIFICATION of the test, not the app: the engine's data oracle compares the whole 1 GiB file after
// every operation, which takes tens of seconds under load, so this test gets a long timeout.
test.describe.configure({ timeout: 180_000 });

test('a 1 GiB file (262,144 pages) is drawn on canvas with overview, zoom and pan', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  const big = {
    id: 'big-file',
    title: 'A 1 GiB file',
    description: 'One 64 KiB write in the middle of a 1 GiB file.',
    files: [{ name: 'F', size: '1G' }],
    ops: [{ op: 'write', file: 'F', offset: '512M', length: '64K' }],
  };
  await page.getByTestId('scenario-file').setInputFiles({
    name: 'big.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(big)),
  });
  await waitForIdle(page);
  // The run was shown while it streamed in: its setup step first, before the write (whose data oracle
  // reads the whole file) had arrived, then complete.
  const shown = (await sim.shownRuns(page)).filter(
    (r) => r.scenario === 'big-file',
  );
  expect(shown[0]).toEqual({
    scenario: 'big-file',
    events: 1,
    complete: false,
  });
  expect(shown[shown.length - 1]?.complete).toBe(true);
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await page.keyboard.press('End');
  await waitForIdle(page);
  const canvas = page.getByTestId('page-canvas');
  await expect(canvas).toHaveAttribute('data-last', '262143');
  await expect(page.getByTestId('page-grid')).toHaveCount(0);
  await page.getByRole('button', { name: 'Zoom to the operation' }).click();
  await waitForIdle(page);
  await page.screenshot({
    path:
      process.env.SCREENSHOTS === 'docs'
        ? 'docs/screenshots/large-file-1280-light.png'
        : test.info().outputPath('large-file.png'),
    animations: 'disabled',
  });
  const first = Number(await canvas.getAttribute('data-first'));
  const last = Number(await canvas.getAttribute('data-last'));
  expect(first).toBeLessThanOrEqual(131072);
  expect(last).toBeGreaterThanOrEqual(131087);
  expect(last - first).toBeLessThan(100);
  // Wheel zoom out on the detail view, then drag to pan.
  const detail = page.getByRole('img', { name: /^Detail of pages/ });
  const box = await detail.boundingBox();
  if (box === null) throw new Error('no detail canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  await waitForIdle(page);
  const widerFirst = Number(await canvas.getAttribute('data-first'));
  const widerLast = Number(await canvas.getAttribute('data-last'));
  expect(widerLast - widerFirst).toBeGreaterThan(last - first);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, {
    steps: 5,
  });
  await page.mouse.up();
  await waitForIdle(page);
  expect(Number(await canvas.getAttribute('data-first'))).toBeLessThan(
    widerFirst,
  );
  await page.getByRole('button', { name: 'Whole file' }).click();
  await waitForIdle(page);
  await expect(canvas).toHaveAttribute('data-first', '0');
  // The canvas redrew on every zoom and pan (how long its frames take is npm run bench's to measure).
  const stats = await sim.canvasStats(page);
  expect(stats.frames).toBeGreaterThan(2);

  // A theme toggle repaints the canvas at once, not at the next step: its background is the new theme's.
  const cursor = (await sim.position(page)).cursor;
  const themeButton = page.getByRole('button', {
    name: /^(Dark|Light) theme$/,
  });
  for (let i = 0; i < 2; i++) {
    await themeButton.click();
    await waitForIdle(page);
    await expect.poll(() => backgroundMatchesTheme(page)).toBe(true);
  }
  expect((await sim.position(page)).cursor).toBe(cursor);
});

/** Whether the overview canvas's background is the current theme's panel colour (--panel-2). */
function backgroundMatchesTheme(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>(
      'canvas[data-export="page-overview"]',
    );
    const probe = document.createElement('canvas');
    probe.width = 1;
    probe.height = 1;
    const p = probe.getContext('2d');
    const c = canvas?.getContext('2d');
    if (canvas === null || p === null || c === null || c === undefined)
      return false;
    p.fillStyle = getComputedStyle(document.documentElement)
      .getPropertyValue('--panel-2')
      .trim();
    p.fillRect(0, 0, 1, 1);
    const want = Array.from(p.getImageData(0, 0, 1, 1).data);
    // Left of the pages and under the detail window's outline: background only.
    const r = window.devicePixelRatio;
    const got = Array.from(c.getImageData(10 * r, 4 * r, 1, 1).data);
    return want.join() === got.join();
  });
}
