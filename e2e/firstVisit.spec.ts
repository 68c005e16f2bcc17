// The first visit, as a new user makes it (fresh profile, the production build, a bare URL): nothing on the
// start screen or the stage moves once it is painted (cumulative layout shift < 0.1), and the first screen
// does not load the tutorial or walkthrough code. First-paint times are measured and reported (attached to the
// test), never asserted: a wall-clock number depends on the machine.

import { expect, test, type Page } from '@playwright/test';
import { waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

interface PaintReport {
  readonly firstPaintMs: number | null;
  readonly firstContentfulPaintMs: number | null;
  readonly domContentLoadedMs: number;
  readonly layoutShift: number;
  readonly shifts: readonly {
    readonly value: number;
    readonly nodes: string;
  }[];
  readonly scripts: readonly string[];
}

/** Before any script of the page runs: record every layout shift, with what moved. */
function observeShifts(): void {
  const w = window as unknown as {
    __shifts: { value: number; nodes: string }[];
  };
  w.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const shift = entry as PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: readonly { node?: Node | null }[];
      };
      if (shift.hadRecentInput) continue;
      w.__shifts.push({
        value: shift.value,
        nodes: (shift.sources ?? [])
          .map((s) =>
            s.node instanceof Element
              ? `${s.node.tagName.toLowerCase()}.${s.node.className}`
              : String(s.node?.nodeName),
          )
          .join(', '),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

async function report(page: Page): Promise<PaintReport> {
  // Two frames after idle, so a shift the last answer caused has been observed.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => {
          requestAnimationFrame(() => {
            resolve();
          });
        });
      }),
  );
  return page.evaluate(() => {
    const paint = (name: string) =>
      performance.getEntriesByName(name, 'paint')[0]?.startTime ?? null;
    const nav = performance.getEntriesByType(
      'navigation',
    )[0] as PerformanceNavigationTiming;
    const shifts = (
      window as unknown as { __shifts: { value: number; nodes: string }[] }
    ).__shifts;
    return {
      firstPaintMs: paint('first-paint'),
      firstContentfulPaintMs: paint('first-contentful-paint'),
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      layoutShift: shifts.reduce((sum, s) => sum + s.value, 0),
      shifts,
      scripts: performance
        .getEntriesByType('resource')
        .map((r) => new URL(r.name).pathname.split('/').pop() ?? '')
        .filter((name) => name.endsWith('.js')),
    };
  });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const)
  test(`first visit at ${String(size.width)}x${String(size.height)}: no layout shift, no guided code loaded`, async ({
    page,
  }, info) => {
    await page.setViewportSize(size);
    await page.addInitScript(observeShifts);
    await page.goto('/');
    await waitForIdle(page);
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expect(page.getByTestId('scenario-summary')).toBeVisible();
    const r = await report(page);
    await info.attach('first-paint', {
      body: JSON.stringify(r, null, 2),
      contentType: 'application/json',
    });
    console.log(
      `first visit ${String(size.width)}x${String(size.height)}: FP ${String(r.firstPaintMs)} ms, FCP ${String(r.firstContentfulPaintMs)} ms, DCL ${r.domContentLoadedMs.toFixed(0)} ms, CLS ${r.layoutShift.toFixed(4)}; scripts ${r.scripts.join(' ')}`,
    );
    expect(r.shifts, 'layout shifts after first paint').toEqual(
      r.layoutShift < 0.1 ? r.shifts : [],
    );
    expect(r.layoutShift).toBeLessThan(0.1);
    // The guides, compare and the large-file canvas are chunks of their own, fetched when first used.
    expect(
      r.scripts.filter((name) =>
        /tutorial|walkthrough|CompareView|PageCanvas/i.test(name),
      ),
    ).toEqual([]);
  });
