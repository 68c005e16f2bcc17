// XFS in the visualizer, as a user arrives: the start screen, the visualizer, X2 chosen from the XFS group
// of the scenario picker. The design picker offers xfs only; the forks and free-space panels take the
// place of btrfs's extents and reservations; compare runs S2 under a btrfs design beside it; a link that
// mixes a btrfs design with an XFS scenario says why. Axe in both themes; screenshots under reports/xfs/.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, openFromStart, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

test.describe('XFS in the app', () => {
  test('X2 from the start screen: xfs only, the forks, free space and the srcmap read', async ({
    page,
  }) => {
    await openFromStart(page, 'X2', 'xfs');
    const design = page.getByRole('combobox', { name: 'Design', exact: true });
    await expect(design).toHaveValue('xfs');
    await expect(design.locator('option')).toHaveText(['xfs']);
    await expect(
      page
        .getByRole('combobox', { name: 'Scenario', exact: true })
        .locator('optgroup[label="XFS"] option'),
    ).toHaveText([/^X2:/, /^X4:/, /^X5:/, /^X6:/, /^X7:/]);
    // The COW fork reservation at xfs_bmapi_reserve_delalloc.
    const reserve = await sim.findEvent(
      page,
      'call.enter',
      0,
      'in the cow fork',
    );
    expect(reserve).toBeGreaterThan(0);
    await sim.seekTo(page, reserve);
    const forks = page.getByTestId('xfs-forks-svg-primary');
    await expect(forks).toHaveAttribute(
      'aria-label',
      /COW fork delalloc \[0B, \+128K\)/,
    );
    await expect(page.getByTestId('xfs-space-table-primary')).toContainText(
      'm_delalloc_blks',
    );
    await expect(page.getByTestId('extents-primary')).toHaveCount(0);
    await expect(page.getByTestId('space-primary')).toHaveCount(0);
    await expect(
      page.getByRole('button', { name: '⚡ No power cut on XFS' }),
    ).toBeDisabled();
    // The srcmap read of the shared block, as the iomap panel draws it.
    const read = await sim.findEvent(page, 'page.read');
    await sim.seekTo(page, read);
    await expect(page.getByTestId('scenario-summary')).toContainText('X2');
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const toggle = page.getByRole('button', {
        name: theme === 'dark' ? 'Dark theme' : 'Light theme',
      });
      if (await toggle.isVisible()) await toggle.click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectNoViolations(page);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await waitForIdle(page);
        await page.screenshot({
          path: `reports/xfs/x2-${String(size.width)}-${theme}.png`,
        });
      }
    }
  });

  test('compare: X2 under xfs beside S2 under srcmap', async ({ page }) => {
    await openFromStart(page, 'X2', 'xfs');
    const compare = page.getByRole('combobox', {
      name: 'Compare with',
      exact: true,
    });
    await expect(compare.locator('option[value="srcmap"]')).toHaveText(
      'srcmap (runs S2)',
    );
    await compare.selectOption('srcmap');
    await waitForIdle(page);
    await expect(page.getByTestId('compare')).toBeVisible();
    await expect(page.getByTestId('compare')).toContainText(
      'Compare xfs with srcmap',
    );
    await expect(page.getByTestId('xfs-forks-primary')).toBeVisible();
    await expect(page.getByTestId('extents-secondary')).toBeVisible();
    await expectNoViolations(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await waitForIdle(page);
      await page.screenshot({
        path: `reports/xfs/compare-${String(size.width)}-light.png`,
      });
    }
  });

  test('a link that runs X2 under a btrfs design says why, and opens the default view', async ({
    page,
  }) => {
    await openApp(page, '/?scenario=X2&design=srcmap');
    const errors = page.getByTestId('scenario-errors');
    await expect(errors).toContainText('was not run');
    await expect(errors).toContainText('runs under the xfs design only');
    await expectNoViolations(page);
  });
});
