// A walkthrough stop opens on its own runs, at its own step, however the reader arrives: from the start screen
// of a fresh profile, from a link in a fresh profile, and from a link in a profile that has a saved view to
// restore (the restore must never land after, and over, the stop). The expected step is computed here in
// Node from the engine itself, independently of the page.

import { expect, test, type Page } from '@playwright/test';
import type { DesignId, StepEvent } from '../../engine/index.ts';
import { designRun } from '../../engine/testing/runScenario.ts';
import { builtinFor } from '../../app/model/designChoice.ts';
import { resolveStop } from '../../app/walkthrough/resolveStop.ts';
import { CHAPTERS } from '../../app/walkthrough/walkthroughContent.ts';
import type { WalkthroughStop } from '../../app/walkthrough/walkthroughModel.ts';
import { openApp, sim, waitForIdle } from '../fixtures.ts';

test.describe.configure({ timeout: 120_000 });

function events(scenario: string, design: DesignId): readonly StepEvent[] {
  return designRun(builtinFor(scenario, design), design).events;
}

function expectedStep(stop: WalkthroughStop): number {
  return resolveStop(
    stop.anchor,
    events(stop.scenario, stop.primary),
    events(stop.scenario, stop.compare),
  ).step;
}

/** The page shows chapter `id` at stop `n` (0-based): its two designs, the cursor on its step. */
async function expectStop(page: Page, id: string, n: number): Promise<void> {
  const c = CHAPTERS.find((x) => x.id === id);
  const stop = c?.stops[n];
  if (c === undefined || stop === undefined)
    throw new Error(`${id} has no stop ${String(n + 1)}`);
  await waitForIdle(page);
  const view = page.getByTestId('walkthrough');
  await expect(view).toHaveAttribute('data-chapter', id);
  await expect(view).toHaveAttribute('data-stop', String(n + 1));
  await expect(page.getByTestId('walkthrough-facts')).toHaveAttribute(
    'data-ready',
    'true',
  );
  await expect(page.getByTestId('walkthrough-problem')).toHaveCount(0);
  // The header says what runs: the stop's scenario, its design and the one it is compared with.
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue(
    stop.scenario,
  );
  await expect(page.getByRole('combobox', { name: 'Design' })).toHaveValue(
    stop.primary,
  );
  await expect(
    page.getByRole('combobox', { name: 'Compare with' }),
  ).toHaveValue(stop.compare);
  await expect(page.getByTestId('compare')).toContainText(
    `Compare ${stop.primary} with ${stop.compare}`,
  );
  const step = expectedStep(stop);
  await expect(page.getByTestId('walkthrough-facts')).toHaveAttribute(
    'data-step',
    String(step),
  );
  expect((await sim.position(page)).cursor).toBe(step);
  expect(page.url()).toContain(`stop=${String(n + 1)}`);
}

for (const [i, c] of CHAPTERS.entries())
  test(`chapter ${c.id} opens on its first stop, from the start screen and from a link`, async ({
    page,
  }) => {
    await openApp(page, '/');
    const start = page.getByTestId('start-screen');
    await start.getByRole('link', { name: c.title, exact: true }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('start-screen')).toHaveCount(0);
    await expectStop(page, c.id, 0);
    // A link to another chapter, with this chapter's view saved: the link's stop wins over the restore.
    const other = CHAPTERS[(i + 1) % CHAPTERS.length];
    if (other === undefined) return;
    await openApp(page, `/?walkthrough=${other.id}`);
    await expectStop(page, other.id, 0);
  });

test('a link to stop 2 lands on stop 2, fresh, after a saved view and after a reload', async ({
  page,
}) => {
  await openApp(page, '/?walkthrough=p1-srcmap&stop=2');
  await expectStop(page, 'p1-srcmap', 1);
  await openApp(page, '/?walkthrough=p5-btrfs-cow&stop=2');
  await expectStop(page, 'p5-btrfs-cow', 1);
  await page.reload();
  await expectStop(page, 'p5-btrfs-cow', 1);
});
