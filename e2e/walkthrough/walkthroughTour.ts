// Going through a walkthrough chapter as a reviewer does: open it by its link, then at each stop check what
// the text claims against what the page shows (accessible names and data-testid), save a screenshot under
// reports/walkthrough/, and move on with a click or a key, alternately. The claims come from the chapter
// content itself (app/walkthrough), so a stop whose text no longer matches the engine fails here.

import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { CHAPTERS } from '../../app/walkthrough/walkthroughContent.ts';
import type {
  WalkthroughChapter,
  WalkthroughStop,
} from '../../app/walkthrough/walkthroughModel.ts';
import { openApp, sim, waitForIdle } from '../fixtures.ts';

export function chapter(id: string): WalkthroughChapter {
  const found = CHAPTERS.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no chapter ${id}`);
  return found;
}

/** No axe violations inside the walkthrough region. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="walkthrough"]')
    .analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

/** Opens `id` by its link at stop 1 and waits until the stop's runs are on screen. */
export async function openChapter(page: Page, id: string): Promise<Locator> {
  await openApp(page, `/?walkthrough=${id}`);
  return stopReady(page);
}

async function stopReady(page: Page): Promise<Locator> {
  await waitForIdle(page);
  const facts = page.getByTestId('walkthrough-facts');
  await expect(facts).toHaveAttribute('data-ready', 'true');
  return page.getByTestId('walkthrough');
}

/** Checks stop `n` (0-based) of `c` as the page shows it, and saves its screenshot. */
export async function checkStop(
  page: Page,
  c: WalkthroughChapter,
  n: number,
): Promise<WalkthroughStop> {
  const stop = c.stops[n];
  if (stop === undefined)
    throw new Error(`${c.id} has no stop ${String(n + 1)}`);
  const view = await stopReady(page);
  await expect(view).toHaveAttribute('data-chapter', c.id);
  await expect(page.getByTestId('walkthrough-chapter-title')).toHaveText(
    c.title,
  );
  await expect(page.getByTestId('walkthrough-stop-title')).toContainText(
    `Stop ${String(n + 1)} of ${String(c.stops.length)}: ${stop.title}`,
  );
  await expect(
    page
      .getByRole('navigation', { name: 'Stops in this chapter' })
      .getByRole('button', { name: `${String(n + 1)}. ${stop.title}` }),
  ).toHaveAttribute('aria-current', 'step');
  // The engine agrees with every claim of the stop: no alert.
  await expect(page.getByTestId('walkthrough-problem')).toHaveCount(0);
  // The compare view shows the stop's scenario under its two designs, the cursor at the stop's step.
  await expect(page.getByTestId('compare')).toContainText(
    `Compare ${stop.primary} with ${stop.compare}`,
  );
  const step = Number(
    await page.getByTestId('walkthrough-facts').getAttribute('data-step'),
  );
  expect((await sim.position(page)).cursor).toBe(step);
  const narration = page
    .getByTestId('compare-primary')
    .getByTestId('narration-primary');
  switch (stop.anchor.kind) {
    case 'event':
      await expect(narration).toContainText(stop.anchor.text);
      break;
    case 'divergence':
      await expect(page.getByTestId('walkthrough-divergence')).toContainText(
        `step ${String(step)}:`,
      );
      await expect(page.getByTestId('divergence')).toContainText(
        `The runs first diverge at step ${String(step)}`,
      );
      break;
    case 'identical':
      await expect(page.getByTestId('walkthrough-divergence')).toContainText(
        'none: the two runs take the same',
      );
      await expect(page.getByTestId('divergence')).toContainText(
        'The two designs take exactly the same steps',
      );
      break;
  }
  if (stop.oracle !== undefined) {
    const word = (ok: boolean) => (ok ? 'data intact' : 'DATA LOSS');
    await expect(page.getByTestId('walkthrough-verdict-primary')).toHaveText(
      `${stop.primary}: ${word(stop.oracle.primary)}`,
    );
    await expect(page.getByTestId('walkthrough-verdict-compare')).toHaveText(
      `${stop.compare}: ${word(stop.oracle.compare)}`,
    );
  }
  if (stop.countersDiffer?.length === 0)
    await expect(page.getByTestId('walkthrough-counters')).toHaveText('none');
  // Each review point names its reviewer and links to lore by Message-ID.
  const points = page.getByTestId('review-point');
  await expect(points).toHaveCount(stop.review.length);
  for (const [i, point] of stop.review.entries()) {
    const item = points.nth(i);
    await expect(item.getByRole('heading', { level: 4 })).toHaveText(
      point.topic,
    );
    await expect(item).toContainText(point.reviewer);
    await expect(item.getByRole('link')).toHaveAttribute(
      'href',
      `https://lore.kernel.org/r/${point.link.messageId}`,
    );
  }
  await expect(page.getByTestId('walkthrough-patch-link')).toHaveAttribute(
    'href',
    `https://lore.kernel.org/r/${c.patch.messageId}`,
  );
  expect(page.url()).toContain(`walkthrough=${c.id}`);
  expect(page.url()).toContain(`stop=${String(n + 1)}`);
  // The walkthrough at the top of the viewport, then the whole page (the two runs at the stop's step).
  await view.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
  });
  await page.screenshot({
    path: `reports/walkthrough/${c.id}-stop${String(n + 1)}.png`,
    animations: 'disabled',
  });
  await page.screenshot({
    path: `reports/walkthrough/${c.id}-stop${String(n + 1)}-full.png`,
    animations: 'disabled',
    fullPage: true,
  });
  return stop;
}

/** Moves to the next stop: odd stops by clicking "Next stop", even ones with the ] key. */
export async function nextStop(page: Page, from: number): Promise<void> {
  if (from % 2 === 0)
    await page.getByRole('button', { name: 'Next stop →' }).click();
  else {
    await page.getByTestId('walkthrough-chapter-title').click();
    await page.keyboard.press(']');
  }
  await waitForIdle(page);
}

/** Goes through every stop of chapter `id`, checking each, then returns the chapter. */
export async function tour(
  page: Page,
  id: string,
  atStop?: (stop: number) => Promise<void>,
): Promise<WalkthroughChapter> {
  const c = chapter(id);
  const view = await openChapter(page, id);
  // The region is named by the chapter title, and passes axe.
  await expect(
    page.getByRole('region', { name: c.title, exact: true }),
  ).toBeVisible();
  await expect(view).toBeVisible();
  await expectAccessible(page);
  for (let n = 0; n < c.stops.length; n++) {
    await checkStop(page, c, n);
    if (atStop !== undefined) await atStop(n);
    if (n + 1 < c.stops.length) await nextStop(page, n);
  }
  return c;
}
