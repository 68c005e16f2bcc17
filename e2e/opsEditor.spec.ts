// The operations editor as a person uses it: every op of the scenario format with its fields, a negative
// offset accepted with a warning and answered by the run with EINVAL (as the README says), and a size at
// the file-size limit written as "1T", never "1048576M". Fresh profile, start screen, clicks.

import { expect, test, type Page } from '@playwright/test';
import { OP_KINDS } from '../app/model/opForms.ts';
import { openApp, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

async function openEditor(page: Page) {
  await openApp(page, '/');
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  await waitForIdle(page);
  await page.getByRole('button', { name: 'Edit operations' }).click();
  return page.getByTestId('ops-editor');
}

/** Runs the edit and shows the step of the first error event; returns its narration. */
async function runToError(page: Page, errno: string) {
  const editor = page.getByTestId('ops-editor');
  await editor.getByRole('button', { name: 'Run edited scenario' }).click();
  await waitForIdle(page);
  await expect(page.getByTestId('scenario-errors')).toHaveCount(0);
  const at = await sim.findEvent(page, 'error', 0, errno);
  expect(at).toBeGreaterThan(0);
  await sim.seekTo(page, at);
  return page.getByTestId('narration-primary');
}

test('the editor offers every op of the format with its fields', async ({
  page,
}) => {
  const editor = await openEditor(page);
  const kind = editor.getByRole('combobox', { name: 'Operation 1 kind' });
  for (const k of OP_KINDS)
    await expect(kind.locator('option', { hasText: k }).first()).toBeAttached();
  await kind.selectOption('fallocate');
  const mode = editor.getByRole('combobox', { name: 'Operation 1 mode' });
  for (const m of ['allocate', 'punch-hole', 'zero-range', 'collapse-range'])
    await expect(mode.locator('option', { hasText: m })).toBeAttached();
  await expect(
    editor.getByRole('combobox', { name: 'Operation 1 keepSize' }),
  ).toHaveValue('');
  await kind.selectOption('clone-range');
  for (const f of ['srcOffset', 'length', 'offset'])
    await expect(
      editor.getByRole('textbox', { name: `Operation 1 ${f}` }),
    ).toBeVisible();
  await kind.selectOption('power-cut');
  await expect(
    editor.getByRole('textbox', { name: 'Operation 1 seed' }),
  ).toBeVisible();
  // A punch-hole with keep-size runs as the format says.
  await kind.selectOption('fallocate');
  await mode.selectOption('punch-hole');
  await editor
    .getByRole('combobox', { name: 'Operation 1 keepSize' })
    .selectOption('true');
  await editor.getByRole('button', { name: 'Run edited scenario' }).click();
  await waitForIdle(page);
  await expect(page.getByTestId('scenario-errors')).toHaveCount(0);
  expect(
    await sim.findEvent(page, 'op.start', 0, 'punch-hole'),
  ).toBeGreaterThan(0);
});

test('a negative offset is warned about, runs, and returns EINVAL', async ({
  page,
}) => {
  const editor = await openEditor(page);
  const offset = editor.getByRole('textbox', { name: 'Operation 1 offset' });
  await offset.fill('-5');
  await expect(editor.getByTestId('field-warning')).toContainText('EINVAL');
  const narration = await runToError(page, 'EINVAL');
  await expect(narration).toContainText('EINVAL');
});

test('the file-size limit reads 1T, not 1048576M', async ({ page }) => {
  const editor = await openEditor(page);
  await editor.getByRole('textbox', { name: 'Operation 1 offset' }).fill('1T');
  const narration = await runToError(page, 'EFBIG');
  await expect(narration).toContainText('(1T)');
  await expect(page.locator('body')).not.toContainText('1048576M');
});
