import { expect, test } from '@playwright/test';
import { openApp, openFromStart, press, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

test.describe('compare view', () => {
  test('two designs side by side, linked by operation, with the first divergence highlighted', async ({
    page,
  }) => {
    await openApp(page, '/?scenario=S3&design=v1-posted');
    await page
      .getByRole('combobox', { name: 'Compare with', exact: true })
      .selectOption('srcmap');
    await waitForIdle(page);
    const compare = page.getByTestId('compare');
    await expect(compare).toBeVisible();
    await expect(page.getByTestId('divergence')).toContainText(
      'The runs first diverge at step',
    );
    // S3: the posted series zeroes the old bytes (data loss); the fixed srcmap design reads them.
    const first = page.getByTestId('first-divergent-op');
    await expect(first).toHaveCount(2);
    await expect(first.first()).toContainText('DATA LOSS');
    await expect(first.last()).toContainText('ok');
    await page.getByRole('button', { name: 'Go to the divergence' }).click();
    await waitForIdle(page);
    const a = page.getByTestId('compare-primary');
    const b = page.getByTestId('compare-secondary');
    // Identical prefixes map to the same step, so both sides stand at the divergence.
    await expect(a.getByTestId('narration-primary')).not.toHaveText(
      (await b.getByTestId('narration-secondary').textContent()) ?? '',
    );
    // Jumping to the next operation moves both sides to its start.
    await press(page, 'PageDown');
    await expect(a.getByTestId('narration-primary')).toContainText(
      'writeback of F',
    );
    await expect(b.getByTestId('narration-secondary')).toContainText(
      'writeback of F',
    );
    await press(page, 'End');
    await expect(a.getByTestId('verdict-primary')).toContainText('DATA LOSS');
    await expect(b.getByTestId('verdict-secondary')).toContainText(
      'data intact',
    );
    expect(page.url()).toContain('compare=srcmap');
    // Back to a single view.
    await page
      .getByRole('combobox', { name: 'Compare with', exact: true })
      .selectOption('');
    await waitForIdle(page);
    await expect(compare).toHaveCount(0);
    expect((await sim.position(page)).cursor).toBeGreaterThan(0);
  });

  test('a power cut in compare cuts both runs in the same operation and says so', async ({
    page,
  }) => {
    await openFromStart(page, 'S2', 'srcmap');
    await page
      .getByRole('combobox', { name: 'Compare with', exact: true })
      .selectOption('legacy');
    await waitForIdle(page);
    // Into the write (S2's first operation), then cut the power there.
    await sim.seekTo(page, 29);
    await page.getByRole('button', { name: '⚡ Power cut here' }).click();
    await waitForIdle(page);
    const note = page.getByTestId('compare-cut');
    await expect(note).toContainText(
      'Both runs lose power in operation 1 (write',
    );
    await expect(note).toContainText('srcmap at step');
    await expect(note).toContainText('legacy at step');
    // Like with like: each design has a row for the same operations, the cut one included.
    const rows = page.getByTestId('compare-table').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('legacy');
    // Both writes were interrupted: neither returns the 200 bytes an uncut write does.
    await expect(rows.nth(0).locator('td').nth(2)).toHaveText('0');
    await expect(rows.nth(1).locator('td').nth(2)).toHaveText('0');
  });
});
