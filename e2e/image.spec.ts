import { expect, test } from '@playwright/test';
import { openApp, waitForIdle } from './fixtures.ts';

test.describe('the OPFS disk image', () => {
  test('a first visit creates and formats the image and shows its size and generation', async ({
    page,
  }) => {
    await openApp(page);
    const panel = page.getByRole('region', { name: 'Disk image' });
    await expect(panel.getByTestId('image-size')).toHaveText('64 MiB');
    await expect(panel.getByTestId('image-generation')).toHaveText('1');
    await expect(panel.getByTestId('image-origin')).toHaveText(
      /Created and formatted a new image/,
    );
  });

  test('a reload mounts the same image', async ({ page }) => {
    await openApp(page);
    const fsid = await page.getByTestId('image-fsid').textContent();
    expect(fsid).toMatch(/^[0-9a-f]{32}$/);
    await page.reload();
    await waitForIdle(page);
    await expect(page.getByTestId('image-origin')).toHaveText(
      /Mounted the existing image/,
    );
    await expect(page.getByTestId('image-fsid')).toHaveText(fsid ?? '');
    await expect(page.getByTestId('image-generation')).toHaveText('1');
  });

  test('a second tab shows that the image is in use, not a hang', async ({
    page,
    context,
  }) => {
    await openApp(page);
    await expect(page.getByTestId('image-size')).toHaveText('64 MiB');
    const second = await context.newPage();
    await openApp(second);
    await expect(second.getByRole('alert')).toHaveText(
      /This disk image is open in another tab/,
    );
    await expect(second.getByTestId('image-error')).toHaveAttribute(
      'data-errno',
      'EBUSY',
    );
  });

  test('reset recreates the image with a new identity', async ({ page }) => {
    await openApp(page);
    const before = await page.getByTestId('image-fsid').textContent();
    await page.getByRole('button', { name: 'Reset disk image' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('image-origin')).toHaveText(
      /Created and formatted a new image/,
    );
    await expect(page.getByTestId('image-fsid')).not.toHaveText(before ?? '');
  });
});
