import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, press, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

test.describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`the main view has no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await openApp(page, '/?scenario=S2&design=srcmap&step=23');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectNoViolations(page);
    });
  }

  test('the compare view has no axe violations', async ({ page }) => {
    await openApp(
      page,
      '/?scenario=S3&design=v1-posted&compare=srcmap&step=30',
    );
    await expect(page.getByTestId('compare')).toBeVisible();
    await expectNoViolations(page);
  });

  test('the ops editor, an error list and the help overlay have no axe violations', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Edit operations' }).click();
    // A negative offset is warned about (and would run, to EINVAL); a length that is not a size is rejected.
    await page.getByRole('textbox', { name: 'Operation 1 offset' }).fill('-3');
    await page
      .getByRole('textbox', { name: 'Operation 1 length' })
      .fill('lots');
    await page.getByRole('button', { name: 'Run edited scenario' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-errors')).toBeVisible();
    await expectNoViolations(page);
    await press(page, '?');
    await expect(
      page.getByRole('dialog', { name: 'Keyboard and guide' }),
    ).toBeVisible();
    await expectNoViolations(page);
  });

  test('"?" opens the help overlay with the shortcuts, Escape closes it', async ({
    page,
  }) => {
    await openApp(page);
    await press(page, '?');
    const help = page.getByRole('dialog', { name: 'Keyboard and guide' });
    await expect(help).toContainText('Shift+→');
    await expect(help).toContainText('Shift+←');
    await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
    await press(page, 'Escape');
    await expect(help).toHaveCount(0);
    await page.getByRole('button', { name: 'Help (?)' }).click();
    await expect(help).toBeVisible();
    await help.getByRole('button', { name: 'Close' }).click();
    await expect(help).toHaveCount(0);
  });

  test('the theme toggle switches light and dark and is remembered', async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openApp(page);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await waitForIdle(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});
