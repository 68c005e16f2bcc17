import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { DEFAULT_VIEW, openApp, press, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

test.describe('sharing, persistence, scenario files and the operations editor', () => {
  test('the URL holds scenario, design and step, and opening it restores the same view', async ({
    page,
    context,
  }) => {
    await openApp(page);
    await page
      .getByRole('combobox', { name: 'Scenario', exact: true })
      .selectOption('S6');
    await waitForIdle(page);
    await page
      .getByRole('combobox', { name: 'Design', exact: true })
      .selectOption('nested-apply');
    await waitForIdle(page);
    await press(page, 'PageDown');
    await press(page, 'ArrowRight', 5);
    const state = await sim.stateJson(page);
    const narration = await page.getByTestId('narration-primary').textContent();
    const url = page.url();
    expect(url).toContain('scenario=S6');
    expect(url).toContain('design=nested-apply');
    expect(url).toMatch(/step=\d+/);
    const other = await context.newPage();
    await openApp(other, url.replace(/^https?:\/\/[^/]+/, ''));
    await expect(other.getByTestId('scenario-summary')).toContainText('S6');
    await expect(
      other.getByRole('combobox', { name: 'Design', exact: true }),
    ).toHaveValue('nested-apply');
    expect(await sim.stateJson(other)).toBe(state);
    await expect(other.getByTestId('narration-primary')).toHaveText(
      narration ?? '',
    );
  });

  test('an edited scenario travels in the URL fragment as compressed JSON', async ({
    page,
    context,
  }) => {
    await openApp(page, DEFAULT_VIEW);
    await page.getByRole('button', { name: 'Edit operations' }).click();
    const editor = page.getByTestId('ops-editor');
    await editor
      .getByRole('textbox', { name: 'Operation 1 offset' })
      .fill('8K');
    await editor
      .getByRole('textbox', { name: 'Operation 1 length' })
      .fill('100');
    await editor.getByRole('button', { name: 'Run edited scenario' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'S2-edited',
    );
    await press(page, 'PageDown');
    await expect(page.getByTestId('narration-primary')).toContainText(
      'write(F, 100B at 8K)',
    );
    // The scenario rides in the fragment, which the browser never sends to the server.
    const url = new URL(page.url());
    expect(url.hash).toMatch(/^#json=[\w-]+$/);
    expect(url.search).not.toContain('json=');
    const other = await context.newPage();
    const sent: string[] = [];
    other.on('request', (request) => sent.push(request.url()));
    await openApp(other, `${url.pathname}${url.search}${url.hash}`);
    await expect(other.getByTestId('scenario-summary')).toContainText(
      'S2-edited',
    );
    expect(await sim.stateJson(other)).toBe(await sim.stateJson(page));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((u) => u.includes('json='))).toEqual([]);
  });

  test('a link of the older form (?json=) still opens, and is rewritten with the scenario in the fragment', async ({
    page,
  }) => {
    const scenario = JSON.stringify({
      id: 'old-link',
      title: 'A scenario from an older link',
      description: 'One write into a hole.',
      files: [{ name: 'F', size: '16K' }],
      ops: [{ op: 'write', file: 'F', offset: 0, length: 100 }],
    });
    const packed = deflateRawSync(scenario).toString('base64url');
    await openApp(page, `/?json=${packed}&design=legacy&step=2`);
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'old-link',
    );
    await expect(
      page.getByRole('combobox', { name: 'Design', exact: true }),
    ).toHaveValue('legacy');
    expect((await sim.position(page)).cursor).toBe(2);
    const url = new URL(page.url());
    expect(url.search).not.toContain('json=');
    expect(url.hash).toMatch(/^#json=[\w-]+$/);
  });

  test('the ops editor adds an operation and lists a bad field with its path', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Edit operations' }).click();
    const editor = page.getByTestId('ops-editor');
    await editor.getByRole('button', { name: 'Add operation' }).click();
    await editor
      .getByRole('combobox', { name: 'Operation 3 kind' })
      .selectOption('read');
    await editor
      .getByRole('textbox', { name: 'Operation 3 length' })
      .fill('lots');
    await editor.getByRole('button', { name: 'Run edited scenario' }).click();
    await waitForIdle(page);
    const errors = page.getByTestId('scenario-errors');
    await expect(errors).toContainText(
      'The edited scenario is not a valid scenario',
    );
    await expect(errors.locator('code')).toHaveText(['ops[2].length']);
    await editor
      .getByRole('textbox', { name: 'Operation 3 length' })
      .fill('4K');
    await editor.getByRole('button', { name: 'Run edited scenario' }).click();
    await waitForIdle(page);
    await expect(errors).toHaveCount(0);
    await press(page, 'PageDown');
    await expect(page.getByTestId('position')).toContainText('op 1/3');
  });

  test('the last view survives a reload', async ({ page }) => {
    await openApp(page);
    await page
      .getByRole('combobox', { name: 'Scenario', exact: true })
      .selectOption('S9');
    await waitForIdle(page);
    await press(page, 'ArrowRight', 7);
    await page.goto('/');
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-summary')).toContainText('S9');
    expect((await sim.position(page)).cursor).toBe(7);
  });

  test('an invalid scenario file is rejected with every bad field listed', async ({
    page,
  }) => {
    await openApp(page);
    const bad = {
      id: 'broken one',
      title: 'Broken',
      description: 'Bad on purpose.',
      files: [{ name: 'F', size: '16K' }],
      ops: [
        { op: 'write', file: 'G', offset: 0, length: 100 },
        { op: 'scribble', file: 'F' },
      ],
    };
    await page.getByTestId('scenario-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await waitForIdle(page);
    const errors = page.getByTestId('scenario-errors');
    await expect(errors).toContainText('broken.json is not a valid scenario');
    const paths = await errors.locator('code').allTextContents();
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'ops[0].file', 'ops[1].op']),
    );
    // The previous scenario is still there.
    await expect(page.getByTestId('scenario-summary')).toContainText('S2');
    await page.getByTestId('scenario-file').setInputFiles({
      name: 'not-json.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "id": '),
    });
    await waitForIdle(page);
    await expect(errors.locator('code')).toHaveText(['(json)']);
  });

  test('a valid scenario file runs', async ({ page }) => {
    await openApp(page);
    const good = {
      id: 'mine',
      title: 'My write',
      description: 'One write into a hole.',
      files: [{ name: 'F', size: '8K' }],
      ops: [{ op: 'write', file: 'F', offset: 4096, length: 4096 }],
    };
    await page.getByTestId('scenario-file').setInputFiles({
      name: 'mine.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(good)),
    });
    await waitForIdle(page);
    await expect(page.getByTestId('scenario-summary')).toContainText(
      'mine: My write',
    );
    await press(page, 'End');
    await expect(page.getByTestId('verdict-primary')).toContainText(
      'oracle: data intact',
    );
  });
});
