// The keyboard as a person meets it: a choice in a select hands the keys back to the stage, shortcuts never
// act inside a form control, and "?" opens a modal help dialog that lists every key of the one key table.
// Fresh profile, start screen, clicks.

import { expect, test, type Page } from '@playwright/test';
import { KEY_TABLE } from '../app/client/keyTable.ts';
import { openApp, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

async function openVisualizer(page: Page): Promise<void> {
  await openApp(page, '/');
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  await waitForIdle(page);
}

const activeId = (page: Page) =>
  page.evaluate(() => document.activeElement?.id ?? '');

test('after choosing a design, the arrow keys step the run, not the select', async ({
  page,
}) => {
  await openVisualizer(page);
  const design = page.getByRole('combobox', { name: 'Design' });
  await design.selectOption('legacy');
  await waitForIdle(page);
  expect(await activeId(page)).toBe('stage');
  const before = (await sim.position(page)).cursor;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await waitForIdle(page);
  await expect(design).toHaveValue('legacy');
  expect((await sim.position(page)).cursor).toBe(before + 2);
});

test('shortcuts never act inside a form control', async ({ page }) => {
  await openVisualizer(page);
  await page.keyboard.press('End');
  await waitForIdle(page);
  const end = (await sim.position(page)).cursor;
  // A select being browsed with its own keys keeps them (and the focus).
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  await scenario.focus();
  await page.keyboard.press('?');
  await page.keyboard.press('l');
  await expect(page.getByTestId('help')).not.toBeVisible();
  await expect(scenario).toBeFocused();
  // A text field of the operations editor: typing "?" or "l" types, arrows move the caret.
  await page.getByRole('button', { name: 'Edit operations' }).click();
  const offset = page.getByRole('textbox', { name: 'Operation 1 offset' });
  await offset.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  await page.keyboard.type('1?l');
  await expect(page.getByTestId('help')).not.toBeVisible();
  await expect(offset).toHaveValue(/^1\?l/);
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(end);
});

test('"?" opens a modal help dialog listing every key, Esc closes it', async ({
  page,
}) => {
  await openVisualizer(page);
  await page.locator('#stage').focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard and guide' });
  await expect(help).toBeVisible();
  expect(await help.evaluate((d) => d.matches(':modal'))).toBe(true);
  for (const b of KEY_TABLE) {
    const row = help.locator('dt', { hasText: b.label }).first();
    await expect(row).toBeVisible();
  }
  for (const k of ['[', ']', '{', '}'])
    await expect(help.locator('kbd', { hasText: k }).first()).toBeVisible();
  // The focus stays inside while it is open: Tab never reaches the page behind it (past the last control
  // it may leave for the browser's own UI, which headless shows as no focused element).
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(
      await help.evaluate(
        (d) =>
          d.contains(document.activeElement) ||
          document.activeElement === document.body,
      ),
    ).toBe(true);
  }
  // Keys behind it do nothing.
  const at = (await sim.position(page)).cursor;
  await page.keyboard.press('ArrowRight');
  expect((await sim.position(page)).cursor).toBe(at);
  await page.keyboard.press('Escape');
  await expect(help).not.toBeVisible();
  // The dialog gives the focus back to the stage it was opened from; keys step again once it has.
  await expect(page.locator('#stage')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await waitForIdle(page);
  expect((await sim.position(page)).cursor).toBe(at + 1);
});
