import { expect, test } from '@playwright/test';
import { DEFAULT_VIEW, openApp, waitForIdle } from './fixtures.ts';

// Every run formats and writes the OPFS image, and several tests open two tabs: slow on a loaded machine.
test.describe.configure({ timeout: 90_000 });

test.describe('the OPFS disk image', () => {
  test('a first visit creates and formats the image, and the first run writes it', async ({
    page,
  }) => {
    await openApp(page);
    const panel = page.getByRole('region', { name: 'Disk image' });
    await expect(panel.getByTestId('image-size')).toHaveText('64 MiB');
    await expect(panel.getByTestId('image-origin')).toHaveText(
      /Created and formatted a new image/,
    );
    // The run on screen (the first visit's demo) formatted the image (mkfs, the prepared files, a commit)
    // and ran on it.
    await expect(panel.getByTestId('image-written-by')).toContainText(
      'S3 under v1-posted',
    );
    await expect(panel.getByTestId('image-run')).toHaveText(
      /ran on this image/,
    );
    expect(
      Number(await panel.getByTestId('image-generation').textContent()),
    ).toBeGreaterThan(1);
    await expect(page.getByTestId('run-device')).toHaveCount(0);
  });

  test('a run writes the image (its generation changes) and a reload mounts it', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    const generation = page.getByTestId('image-generation');
    const before = await generation.textContent();
    await page
      .getByRole('combobox', { name: 'Scenario', exact: true })
      .selectOption('S15');
    await waitForIdle(page);
    await expect(page.getByTestId('image-written-by')).toContainText(
      'S15 under srcmap',
    );
    // S15's fsync commits once more than anything S2 does.
    await expect(generation).not.toHaveText(before ?? '');
    const written = await generation.textContent();
    const fsid = await page.getByTestId('image-fsid').textContent();
    expect(fsid).toMatch(/^[0-9a-f]{32}$/);
    await page.reload();
    await waitForIdle(page);
    // The reloaded tab mounted what the run left on the image, then restored the view and ran S15 on it again.
    await expect(page.getByTestId('image-origin')).toHaveText(
      `Mounted the existing image when this tab opened it (generation ${written ?? ''}).`,
    );
    await expect(page.getByTestId('scenario-summary')).toContainText('S15');
    await expect(page.getByTestId('image-fsid')).toHaveText(fsid ?? '');
    await expect(generation).toHaveText(written ?? '');
  });

  test('a scenario larger than the image runs in memory, and says so', async ({
    page,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    const generation = await page.getByTestId('image-generation').textContent();
    const big = {
      id: 'big-disk',
      title: 'A 1 GiB disk',
      description: 'One write on a disk larger than the image.',
      geometry: { deviceSize: '1G' },
      files: [{ name: 'F', size: '16K' }],
      ops: [{ op: 'write', file: 'F', offset: '4K', length: '4K' }],
    };
    await page.getByTestId('scenario-file').setInputFiles({
      name: 'big-disk.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(big)),
    });
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'big-disk',
    );
    await expect(page.getByTestId('run-device')).toHaveText(
      'This run is in memory (1 GiB disk): this scenario needs a 1 GiB disk; the 64 MiB image is not used for this run.',
    );
    await expect(page.getByTestId('image-run')).toHaveText(/ran in memory/);
    // The image keeps what the last run on it left.
    await expect(page.getByTestId('image-generation')).toHaveText(
      generation ?? '',
    );
    await expect(page.getByTestId('image-written-by')).toContainText(
      'S2 under srcmap',
    );
  });

  test('a second tab shows that the image is in use, not a hang, and still runs in memory', async ({
    page,
    context,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    await expect(page.getByTestId('image-size')).toHaveText('64 MiB');
    const second = await context.newPage();
    await openApp(second, DEFAULT_VIEW);
    await expect(second.getByRole('alert')).toHaveText(
      /This disk image is open in another tab/,
    );
    await expect(second.getByTestId('image-error')).toHaveAttribute(
      'data-errno',
      'EBUSY',
    );
    await expect(second.getByTestId('scenario-summary')).toContainText('S2');
    await expect(second.getByTestId('run-device')).toHaveText(
      /in memory .*: the disk image is open in another tab\./,
    );
  });

  test('reset recreates the image with a new identity', async ({ page }) => {
    await openApp(page, DEFAULT_VIEW);
    const before = await page.getByTestId('image-fsid').textContent();
    await page.getByRole('button', { name: 'Reset disk image' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('image-origin')).toHaveText(
      /Created and formatted a new image/,
    );
    await expect(page.getByTestId('image-fsid')).not.toHaveText(before ?? '');
  });
});

test('a second tab can take the image over; the first tab is told and can take it back', async ({
  page,
  context,
}) => {
  await openApp(page, DEFAULT_VIEW);
  await expect(page.getByTestId('image-size')).toHaveText('64 MiB');
  const fsid = await page.getByTestId('image-fsid').textContent();
  const second = await context.newPage();
  await openApp(second, DEFAULT_VIEW);
  await expect(second.getByTestId('image-error')).toHaveAttribute(
    'data-errno',
    'EBUSY',
  );
  await second.getByRole('button', { name: 'Take over' }).click();
  await waitForIdle(second);
  await waitForIdle(page);
  await expect(second.getByTestId('image-fsid')).toHaveText(fsid ?? '');
  await expect(second.getByTestId('image-origin')).toHaveText(
    /Mounted the existing image/,
  );
  await expect(page.getByTestId('image-released')).toHaveText(
    /Another tab took over/,
  );
  await page.getByRole('button', { name: 'Take it back' }).click();
  await waitForIdle(page);
  await waitForIdle(second);
  await expect(page.getByTestId('image-fsid')).toHaveText(fsid ?? '');
  await expect(second.getByTestId('image-released')).toBeVisible();
});
