import { expect, test } from '@playwright/test';
import {
  chooseRun,
  DEFAULT_VIEW,
  openApp,
  press,
  sim,
  waitForIdle,
} from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

test.describe('the step-by-step visualizer', () => {
  test('choosing a scenario and a design runs it and shows its first step', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'S2: Unaligned overwrite',
    );
    await chooseRun(page, 'S4', 'legacy');
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'S4: Write into a hole',
    );
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'Design legacy',
    );
    await expect(page.getByTestId('position')).toHaveText(
      /^step 0 \/ \d+ · setup$/,
    );
    await expect(page.getByTestId('narration-primary')).toContainText(
      'under the legacy',
    );
  });

  test('stepping forward and back returns to exactly the same state', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    await chooseRun(page, 'S7', 'srcmap');
    await press(page, 'ArrowRight', 12);
    const before = await sim.stateJson(page);
    const narration = await page.getByTestId('narration-primary').textContent();
    const pages = await page
      .getByTestId('page-grid')
      .getAttribute('aria-label');
    await press(page, 'ArrowRight', 40);
    expect(await sim.stateJson(page)).not.toBe(before);
    await press(page, 'ArrowLeft', 40);
    expect((await sim.position(page)).cursor).toBe(12);
    expect(await sim.stateJson(page)).toBe(before);
    await expect(page.getByTestId('narration-primary')).toHaveText(
      narration ?? '',
    );
    await expect(page.getByTestId('page-grid')).toHaveAttribute(
      'aria-label',
      pages ?? '',
    );
    // A long jump back (through the checkpoints) lands on the same state too.
    await press(page, 'End');
    await sim.seekTo(page, 12);
    expect(await sim.stateJson(page)).toBe(before);
  });

  test('keyboard: arrows, step over, step out, operations, Home/End, speed and Space', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    const { events } = await sim.position(page);
    await press(page, 'End');
    expect((await sim.position(page)).cursor).toBe(events - 1);
    await press(page, 'Home');
    expect((await sim.position(page)).cursor).toBe(0);
    await press(page, 'ArrowRight'); // op.start of the write
    await press(page, 'Shift+ArrowRight'); // over the whole iomap_file_buffered_write call
    await expect(page.getByTestId('narration-primary')).toContainText(
      'return from iomap_file_buffered_write',
    );
    await expect(page.getByTestId('stack-primary')).toHaveCount(0);
    await press(page, 'Shift+ArrowLeft'); // and back before it
    expect((await sim.position(page)).cursor).toBe(1);
    await press(page, 'ArrowRight', 4); // inside btrfs_check_data_free_space
    await expect(page.getByTestId('stack-primary')).toContainText(
      'btrfs_check_data_free_space',
    );
    await press(page, 'Shift+ArrowUp'); // step out
    await expect(page.getByTestId('narration-primary')).toContainText(
      'return from btrfs_check_data_free_space',
    );
    await press(page, 'PageDown');
    await expect(page.getByTestId('position')).toContainText('op 2/2');
    await press(page, 'PageUp');
    await expect(page.getByTestId('position')).toContainText('op 1/2');
    await expect(page.getByTestId('speed')).toHaveText('8 steps/s');
    await press(page, '+');
    await expect(page.getByTestId('speed')).toHaveText('16 steps/s');
    await press(page, '-', 2);
    await expect(page.getByTestId('speed')).toHaveText('4 steps/s');
    await press(page, ' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await press(page, ' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  });

  test('the page cache, iomap and disk panels show the srcmap read of S2', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    const read = await sim.findEvent(page, 'page.read');
    expect(read).toBeGreaterThan(0);
    await sim.seekTo(page, read);
    await expect(page.getByTestId('page-0')).toHaveAttribute(
      'data-flags',
      'locked',
    );
    await expect(page.getByTestId('page-action')).toHaveText('read disk');
    await expect(page.getByTestId('iomap-text-primary')).toContainText(
      'iomap: DELALLOC',
    );
    await expect(page.getByTestId('iomap-text-primary')).toContainText(
      'srcmap: MAPPED',
    );
    await expect(page.getByTestId('srcmap-read-arrow')).toBeVisible();
    const submit = await sim.findEvent(page, 'io.submit');
    await sim.seekTo(page, submit);
    await expect(page.getByTestId('disk-io-flash')).toHaveAttribute(
      'data-dir',
      'read',
    );
    // The copy from user space lands in page 0 and leaves it dirty.
    const copy = await sim.findEvent(page, 'page.copy');
    await sim.seekTo(page, copy);
    await expect(page.getByTestId('page-action')).toHaveText('copy 200B');
    await sim.seekTo(page, copy + 2);
    await expect(page.getByTestId('page-0')).toHaveAttribute(
      'data-flags',
      /uptodate\|dirty/,
    );
  });

  test('extents, io tree and reservations follow the write and its writeback', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    const locked = await sim.findEvent(page, 'btrfs.bits', 0, 'set LOCKED');
    await sim.seekTo(page, locked);
    await expect(page.getByTestId('extents-svg-primary')).toHaveAttribute(
      'aria-label',
      /\[0B, 4K\) LOCKED/,
    );
    const reserve = await sim.findEvent(page, 'btrfs.reserve');
    await sim.seekTo(page, reserve);
    await expect(page.getByTestId('delta-data-mayUse')).toHaveText('(+4K)');
    await press(page, 'End');
    await expect(page.getByTestId('extents-svg-primary')).toHaveAttribute(
      'aria-label',
      /2 file extent items/,
    );
    // One write reserved space; writeback allocated the data and released the metadata: nothing leaked.
    await expect(page.getByTestId('ledger').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('leaked-1')).toHaveText('0B / 0B');
    await expect(page.getByTestId('verdict-primary')).toContainText(
      'oracle: data intact',
    );
  });

  test("a power cut in the middle of S15's fsync-less write: the page cache vanishes and the file reads its old bytes", async ({
    page,
  }) => {
    await openApp(page, '/?scenario=S15&design=srcmap&step=0');
    // Right after write_end: the new bytes are only in page 1, dirty.
    const dirty = await sim.findEvent(page, 'page.flags', 0, 'unlock the page');
    await sim.seekTo(page, dirty);
    await expect(page.getByTestId('page-1')).toHaveAttribute(
      'data-flags',
      /dirty/,
    );
    await page.getByRole('button', { name: 'Power cut here' }).click();
    await waitForIdle(page);
    // The rerun is identical up to here, so the cursor stays on the step the user was looking at.
    expect((await sim.position(page)).cursor).toBe(dirty);
    expect(page.url()).toContain(`cut=${String(dirty + 1)}`);
    await expect(page.getByTestId('survival')).toContainText(
      `The power fails right after step ${String(dirty)}, during operation 1`,
    );
    const cut = await sim.findEvent(page, 'power.cut', dirty);
    await sim.seekTo(page, cut - 1);
    await expect(page.getByTestId('page-1')).toHaveAttribute(
      'data-flags',
      /dirty/,
    );
    await sim.seekTo(page, cut);
    await expect(page.getByTestId('narration-primary')).toContainText(
      'the page cache is gone',
    );
    await expect(page.getByTestId('page-grid')).toHaveAttribute(
      'aria-label',
      /0 of 4 pages cached/,
    );
    const mount = await sim.findEvent(page, 'fs.mount', cut);
    await sim.seekTo(page, mount);
    await expect(page.getByTestId('page-grid')).toHaveAttribute(
      'aria-label',
      /0 of 4 pages cached/,
    );
    await expect(page.getByTestId('survivor-F')).toContainText(
      'F: 4K lost — it reads its old bytes, what it held before the interrupted operation, in [4K, 8K)',
    );
    // No further operation runs after the cut; losing unflushed, unsynced data is allowed.
    await press(page, 'End');
    await expect(page.getByTestId('position')).toContainText('op 1/1');
    await expect(page.getByTestId('verdict-primary')).toContainText(
      'oracle: data intact',
    );
    await page.getByRole('button', { name: 'Undo the power cut' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('survival')).toHaveCount(0);
    await expect(page.getByTestId('position')).toContainText('op 1/6');
  });

  test("a power cut after S15's fsync keeps the data, with a seeded part of the unflushed writes landing", async ({
    page,
  }) => {
    await openApp(page, '/?scenario=S15&design=srcmap&step=0');
    const synced = await sim.findEvent(
      page,
      'op.end',
      0,
      'operation 4 returns',
    );
    await sim.seekTo(page, synced);
    await page
      .getByRole('combobox', {
        name: 'What the disk keeps of its unflushed writes at the power cut',
      })
      .selectOption('seeded');
    await page.getByRole('button', { name: 'Power cut here' }).click();
    await waitForIdle(page);
    expect(page.url()).toMatch(/cutseed=\d+/);
    await expect(page.getByTestId('survival')).toContainText('a seeded part');
    const mount = await sim.findEvent(page, 'fs.mount', synced);
    await sim.seekTo(page, mount);
    await expect(page.getByTestId('page-grid')).toHaveAttribute(
      'aria-label',
      /0 of 4 pages cached/,
    );
    await expect(page.getByTestId('survivor-F')).toContainText(
      'F: survived — it reads exactly what the operation would have left',
    );
    await press(page, 'End');
    await expect(page.getByTestId('verdict-primary')).toContainText(
      'oracle: data intact',
    );
  });
});
