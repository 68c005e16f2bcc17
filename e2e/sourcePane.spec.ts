// The Source pane as a person meets it: a fresh profile, the start screen, the visualizer, S3 under
// v1-posted; stepping moves the marked line, an outer frame is one click away, a clicked line lists the
// steps that ran it and jumps to each. Against the production build; axe in both themes; screenshots.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, press, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

async function openS3V1(page: Page): Promise<void> {
  await openApp(page);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  await page
    .getByRole('combobox', { name: 'Scenario', exact: true })
    .selectOption('S3');
  await waitForIdle(page);
  await page
    .getByRole('combobox', { name: 'Design', exact: true })
    .selectOption('v1-posted');
  await waitForIdle(page);
}

const source = (page: Page) =>
  page.getByRole('region', { name: 'Source', exact: true });
const current = (page: Page) =>
  source(page).locator('.source-lines li[aria-current="step"]');
const listing = (page: Page, fn: string) =>
  source(page).getByRole('list', { name: `${fn}, pseudo-C` });

test.describe('the Source pane', () => {
  test('stepping moves the marked line; outer frames and the steps of a line are one click away', async ({
    page,
  }) => {
    await openS3V1(page);
    await expect(source(page)).toBeVisible();
    await expect(listing(page, 'scenario runner')).toBeVisible();
    await expect(current(page)).toHaveAttribute('data-line', 'mount');

    // → op.start, → the write's call of iomap_file_buffered_write, → its call of iomap_apply.
    await press(page, 'ArrowRight');
    await expect(current(page)).toHaveAttribute('data-line', 'start');
    await press(page, 'ArrowRight');
    await expect(current(page)).toHaveAttribute('data-line', 'write');
    await press(page, 'ArrowRight');
    await expect(listing(page, 'iomap_file_buffered_write')).toBeVisible();
    await expect(current(page)).toHaveAttribute('data-line', 'apply');

    // On into write_begin, where v1 as posted zeroes instead of reading.
    for (let i = 0; i < 80; i++) {
      if ((await listing(page, '__iomap_write_begin').count()) > 0) break;
      await press(page, 'ArrowRight');
    }
    await expect(listing(page, '__iomap_write_begin')).toBeVisible();
    await expect(current(page)).toHaveAttribute('data-line', 'zero');
    const here = (await sim.position(page)).cursor;
    const read = listing(page, '__iomap_write_begin').locator(
      'li[data-line="read"]',
    );
    await expect(read).toHaveClass(/not-run/);
    await expect(read.getByRole('button')).toHaveAccessibleName(
      /changed by patch 2\/6; ran 0 times/,
    );

    // An outer frame: iomap_write_actor, on its call of iomap_write_begin; the next step returns inside.
    await source(page)
      .getByRole('navigation', { name: 'Call stack' })
      .getByRole('button', { name: 'iomap_write_actor' })
      .click();
    await expect(listing(page, 'iomap_write_actor')).toBeVisible();
    await expect(current(page)).toHaveAttribute('data-line', 'begin');
    await expect(current(page)).toHaveClass(/diff/);
    await press(page, 'ArrowLeft');
    await press(page, 'ArrowRight');
    await expect(listing(page, '__iomap_write_begin')).toBeVisible();

    // A line → the steps that ran it → a jump to each, by mouse and by keyboard.
    await listing(page, '__iomap_write_begin')
      .locator('li[data-line="uptodate"]')
      .getByRole('button')
      .click();
    const steps = source(page).getByRole('region', {
      name: 'Steps that ran this line',
    });
    await expect(steps).toContainText('ran it');
    const jumps = steps.getByRole('listitem').getByRole('button');
    expect(await jumps.count()).toBeGreaterThan(0);
    const label = (await jumps.first().textContent()) ?? '';
    const seq = Number(/Step (\d+)/.exec(label)?.[1]);
    expect(seq).toBeGreaterThan(here);
    await jumps.first().focus();
    await page.keyboard.press('Enter');
    await waitForIdle(page);
    expect((await sim.position(page)).cursor).toBe(seq);
    await expect(current(page)).toHaveAttribute('data-line', 'uptodate');
    await expect(page.getByTestId('position')).toHaveAttribute(
      'data-seq',
      String(seq),
    );
    // The first step of the list is the line's first run: nothing earlier.
    await expect(
      steps.getByRole('button', { name: '◀ Earlier run of this line' }),
    ).toBeDisabled();
  });

  for (const theme of ['light', 'dark'] as const)
    test(`has no axe violations with a line's steps open (${theme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: theme });
      await openS3V1(page);
      await press(page, 'End');
      await listing(page, 'scenario runner')
        .locator('li[data-line="write"]')
        .getByRole('button')
        .click();
      await expect(
        source(page).getByRole('region', { name: 'Steps that ran this line' }),
      ).toBeVisible();
      const results = await new AxeBuilder({ page })
        .include('[data-testid="source-primary"]')
        .analyze();
      expect(
        results.violations.map(
          (v) =>
            `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
    });
});

test('what btrfs does before ENOSPC has its listings: the ticket, the reclaim worker, each flush state', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  await page
    .getByRole('combobox', { name: 'Scenario', exact: true })
    .selectOption('enospc');
  await waitForIdle(page);
  // The second write's ticket: its reservation waits in btrfs_reserve_data_bytes.
  const ticket = await sim.findEvent(page, 'btrfs.ticket', 0, 'waits');
  expect(ticket).toBeGreaterThan(0);
  await sim.seekTo(page, ticket);
  await expect(listing(page, 'btrfs_reserve_data_bytes')).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-line', 'ticket');
  // COMMIT_TRANS gives pinned space back: flush_space on its case, the worker on its call.
  const commit = await sim.findEvent(
    page,
    'btrfs.flush',
    ticket,
    'COMMIT_TRANS: commit the transaction:',
  );
  expect(commit).toBeGreaterThan(ticket);
  await sim.seekTo(page, commit);
  await expect(listing(page, 'flush_space')).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-line', 'commit-trans');
  await source(page)
    .getByRole('navigation', { name: 'Call stack' })
    .getByRole('button', { name: 'btrfs_async_reclaim_data_space' })
    .click();
  await expect(listing(page, 'btrfs_async_reclaim_data_space')).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-line', 'flush');
  // The last write: every state failed, the ticket fails with ENOSPC.
  const failed = await sim.findEvent(page, 'btrfs.ticket', commit, 'failed');
  expect(failed).toBeGreaterThan(commit);
  await sim.seekTo(page, failed);
  await expect(listing(page, 'btrfs_async_reclaim_data_space')).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-line', 'fail');
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

function target(name: string): string {
  return process.env.SCREENSHOTS === 'docs'
    ? `docs/screenshots/${name}.png`
    : test.info().outputPath(`${name}.png`);
}

for (const size of SIZES)
  for (const theme of ['light', 'dark'] as const)
    test(`screenshot: the Source pane at the v1 zeroing, ${String(size.width)}x${String(size.height)} (${theme})`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await openS3V1(page);
      await sim.seekTo(page, await sim.findEvent(page, 'page.zero'));
      await expect(current(page)).toHaveAttribute('data-line', 'zero');
      await listing(page, '__iomap_write_begin')
        .locator('li[data-line="zero"]')
        .getByRole('button')
        .click();
      await source(page).scrollIntoViewIfNeeded();
      const name = `source-${String(size.width)}-${theme}`;
      await page.screenshot({ path: target(name), animations: 'disabled' });
      await source(page).screenshot({
        path: target(`${name}-pane`),
        animations: 'disabled',
      });
    });

test('a walkthrough chapter shows which of its patch lines ran, and how often, in each design', async ({
  page,
}) => {
  await openApp(page);
  await page
    .getByTestId('start-screen')
    .getByRole('link', {
      name: '5/6 btrfs: CoW through the srcmap',
      exact: true,
    })
    .click();
  await waitForIdle(page);
  const table = page
    .getByTestId('walkthrough-patch-lines')
    .getByRole('table', { name: /Lines patch 5\/6 adds or changes/ });
  await expect(table).toBeVisible();
  // As posted, the COW assignment ran; the fixed design has no such line.
  const cow = table.getByRole('row', { name: /iomap->type = IOMAP_COW/ });
  await expect(cow.getByRole('cell').nth(1)).toHaveText('—');
  const jump = cow.getByRole('button', { name: /first: step \d+/ });
  const seq = Number(/step (\d+)/.exec((await jump.textContent()) ?? '')?.[1]);
  await jump.click();
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(seq);
  // Compare: each stage has its Source pane; the posted series' one shows the COW line.
  await expect(
    page
      .getByRole('region', { name: 'Source — v1-posted', exact: true })
      .locator('.source-lines li[aria-current="step"]'),
  ).toHaveAttribute('data-line', 'cow');
});
