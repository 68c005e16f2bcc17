// Nothing a user needs is cut, as a person meets the stage (fresh profile, start screen, clicks, the keys):
// at every step of S2, S3 and X2 the Source pane's frames (the call path) and the listing's origin are whole
// on screen with five lines of listing under them, at 1280×720 and 1920×1080; in compare at 1920×1080 both
// Source panes' heads and the page flag legend under the table are whole; in compare at 1280×720 each
// stage's toggle brings its Source pane on screen without scrolling the page, and the cursors stay linked.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openFromStart, press, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

declare global {
  interface Window {
    __cuts?: (testId: string) => string[];
  }
}

/** Installs window.__cuts(testId): what is cut in a Source pane — each head element (frame, origin line) not
 * whole inside the pane and the screen, the pane scrolled, a listing shorter than five lines (or all of it). */
async function installCuts(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__cuts = (id: string) => {
      const pane = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (pane === null) return [`${id}: no pane`];
      const cuts: string[] = [];
      const box = pane.getBoundingClientRect();
      const inside = (r: DOMRect) =>
        r.top >= box.top - 0.5 &&
        r.bottom <= box.bottom + 0.5 &&
        r.left >= box.left - 0.5 &&
        r.right <= box.right + 0.5 &&
        r.top >= -0.5 &&
        r.bottom <= window.innerHeight + 0.5;
      if (pane.scrollHeight > pane.clientHeight + 1)
        cuts.push(
          `${id} scrolls: ${String(pane.scrollHeight)} > ${String(pane.clientHeight)}`,
        );
      for (const el of Array.from(
        pane.querySelectorAll<HTMLElement>('.source-head li, .source-head p'),
      )) {
        if (!inside(el.getBoundingClientRect()))
          cuts.push(`${id} head cut: ${el.textContent}`);
        if (el.scrollHeight > el.clientHeight + 1)
          cuts.push(`${id} head clipped: ${el.textContent}`);
      }
      const scroll = pane.querySelector<HTMLElement>('.source-scroll');
      const lines = Array.from(
        pane.querySelectorAll<HTMLElement>('.source-lines li'),
      );
      if (scroll !== null && lines.length > 0) {
        // A line of one row: the shortest (a long line wraps to more rows).
        const row = Math.min(...lines.map((l) => l.offsetHeight));
        const want = Math.min(5 * row, scroll.scrollHeight) - 1;
        if (scroll.clientHeight < want)
          cuts.push(
            `${id} listing ${String(scroll.clientHeight)}px < ${String(want)}px`,
          );
        if (!inside(scroll.getBoundingClientRect()))
          cuts.push(`${id} listing off screen`);
      }
      return cuts;
    };
  });
}

const cutsNow = (page: Page, testId: string) =>
  page.evaluate((id) => window.__cuts?.(id) ?? ['not installed'], testId);

/** Steps through the whole run with the → key (the app's keyboard handler, pressed in the page so a run of
 * a hundred steps stays quick), collecting what is cut at each step once it is drawn. */
async function cutsOverRun(page: Page, testIds: string[]): Promise<string[]> {
  await installCuts(page);
  return page.evaluate(async (ids) => {
    const seen = new Set<string>();
    const frame = () =>
      new Promise((resolve) => {
        requestAnimationFrame(resolve);
      });
    for (;;) {
      const { cursor, events } = window.__sim?.position() ?? {
        cursor: 0,
        events: 0,
      };
      for (const id of ids)
        for (const cut of window.__cuts?.(id) ?? [])
          seen.add(`step ${String(cursor)}: ${cut}`);
      if (cursor >= events - 1) break;
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
      await window.__sim?.waitForIdle();
      await frame();
      await frame();
      if ((window.__sim?.position().cursor ?? cursor) === cursor)
        return [`step ${String(cursor)}: → did not step`];
    }
    return [...seen];
  }, testIds);
}

const RUNS = [
  ['S2', 'srcmap'],
  ['S3', 'v1-posted'],
  ['X2', 'xfs'],
] as const;

for (const size of SIZES)
  for (const [scenario, design] of RUNS)
    test(`${scenario} under ${design} at ${String(size.width)}x${String(size.height)}: the Source pane's frames and origin are whole at every step, over five lines of listing`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await openFromStart(page, scenario, design);
      expect(await cutsOverRun(page, ['source-primary'])).toEqual([]);
    });

/** The compare table's box and the legend in it: the legend whole inside the box. */
async function legendCut(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const wide = document.querySelector('.compare-wide');
    const legend = wide?.querySelector('[aria-label="Page flag legend"]');
    if (wide === null || legend === null || legend === undefined)
      return 'no legend';
    const a = wide.getBoundingClientRect();
    const b = legend.getBoundingClientRect();
    return b.top >= a.top - 0.5 && b.bottom <= a.bottom + 0.5
      ? null
      : `legend ${String(b.top)}–${String(b.bottom)} in box ${String(a.top)}–${String(a.bottom)}`;
  });
}

test('compare at 1920x1080: both Source panes whole at every step, the page flag legend whole under the table', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openFromStart(page, 'S3', 'v1-posted');
  await page
    .getByRole('combobox', { name: 'Compare with', exact: true })
    .selectOption('srcmap');
  await waitForIdle(page);
  await expect(page.getByTestId('compare')).toBeVisible();
  expect(await legendCut(page)).toBeNull();
  // The table's box scrolls; the legend stays whole at its foot.
  await page.getByRole('region', { name: 'Compare table' }).evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  expect(await legendCut(page)).toBeNull();
  // Wide stages show the picture and the code side by side: no toggle.
  await expect(page.getByTestId('stage-top-primary')).toBeHidden();
  expect(
    await cutsOverRun(page, ['source-primary', 'source-secondary']),
  ).toEqual([]);
});

const stageTop = (page: Page, side: string, name: string): Locator =>
  page
    .getByRole('group', { name: `On top — ${side}`, exact: true })
    .getByRole('button', { name, exact: true });

test('compare at 1280x720: each stage brings its Source pane on screen with a toggle, the cursors stay linked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFromStart(page, 'S3', 'v1-posted');
  await page
    .getByRole('combobox', { name: 'Compare with', exact: true })
    .selectOption('srcmap');
  await waitForIdle(page);
  // Into the write, where the two designs' listings differ.
  await press(page, 'ArrowRight', 30);
  const source = (design: string) =>
    page.getByRole('region', { name: `Source — ${design}`, exact: true });
  // The picture first, as before; the toggle's Picture is pressed.
  await expect(stageTop(page, 'v1-posted', 'Picture')).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  for (const name of ['Page cache', 'iomap and srcmap'])
    await expect(
      page.getByRole('region', { name: `${name} — v1-posted`, exact: true }),
    ).toBeInViewport({ ratio: 0.3 });
  await expect(source('v1-posted')).not.toBeInViewport();
  // By the keyboard on the left, by the mouse on the right.
  await stageTop(page, 'v1-posted', 'Source').focus();
  await page.keyboard.press('Enter');
  await stageTop(page, 'srcmap', 'Source').click();
  await waitForIdle(page);
  for (const design of ['v1-posted', 'srcmap']) {
    await expect(stageTop(page, design, 'Source')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(source(design)).toBeInViewport({ ratio: 0.9 });
    await expect(
      source(design).locator('.source-lines li[aria-current="step"]'),
    ).toBeInViewport({ ratio: 1 });
  }
  // The page itself never scrolled; the picture follows under the code, in the stage.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(
    page.getByRole('region', { name: 'Page cache — v1-posted', exact: true }),
  ).toBeAttached();
  await installCuts(page);
  expect(await cutsNow(page, 'source-primary')).toEqual([]);
  expect(await cutsNow(page, 'source-secondary')).toEqual([]);
  // The code on top passes axe in both themes (the theme switched as a user does).
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark')
      await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  }

  // Stepping moves both marked lines (the cursors are linked by operation) and keeps them on screen.
  const line = (design: string) =>
    source(design).locator('.source-lines li[aria-current="step"]');
  const where = async () =>
    Promise.all(
      ['v1-posted', 'srcmap'].map(
        async (d) =>
          `${(await source(d).getByRole('list').first().getAttribute('aria-label')) ?? ''} ${(await line(d).getAttribute('data-line')) ?? ''}`,
      ),
    );
  const seen: string[][] = [];
  const linked: number[] = [];
  for (let i = 0; i < 8; i++) {
    seen.push(await where());
    for (const design of ['v1-posted', 'srcmap'])
      await expect(line(design)).toBeInViewport({ ratio: 1 });
    const hint =
      (await page
        .getByTestId('compare')
        .getByText(/srcmap is at step \d+/)
        .textContent()) ?? '';
    linked.push(Number(/at step (\d+)/.exec(hint)?.[1]));
    await press(page, 'ArrowRight');
  }
  expect(new Set(seen.map((s) => s[0])).size).toBeGreaterThan(2);
  expect(new Set(seen.map((s) => s[1])).size).toBeGreaterThan(2);
  // The secondary's cursor moved with the primary's, step by step.
  expect(linked.every((n, i) => i === 0 || n > (linked[i - 1] ?? n))).toBe(
    true,
  );
  // Back to the picture on the left: the Source pane goes below it again.
  await stageTop(page, 'v1-posted', 'Picture').click();
  await expect(
    page.getByRole('region', { name: 'Page cache — v1-posted', exact: true }),
  ).toBeInViewport({ ratio: 0.3 });
});
