// The start screen and tutorial links: a bare first visit shows the start screen (tutorials, walkthrough
// chapters, the visualizer), links open a tutorial at a checkpoint, bad links explain themselves on the start
// screen, the URL writer keeps the walkthrough's keys, and the start screen and a tutorial are axe-clean.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { srcmapRead } from '../../app/tutorials/library/srcmapRead.ts';
import { openApp, press, sim, waitForIdle } from '../fixtures.ts';

test.describe.configure({ timeout: 90_000 });

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

test.describe('start screen and tutorial links', () => {
  test('a bare first visit shows the start screen; "Open the visualizer" closes it; the header reopens it', async ({
    page,
  }) => {
    await openApp(page, '/');
    const start = page.getByTestId('start-screen');
    await expect(start).toBeVisible();
    await expect(
      start.getByTestId('start-tutorials').getByRole('link'),
    ).not.toHaveCount(0);
    await expect(
      start.getByTestId('start-walkthrough').getByRole('link'),
    ).not.toHaveCount(0);
    await expect(
      start.getByTestId('start-walkthrough').getByRole('link').first(),
    ).toHaveAttribute('href', /^\?walkthrough=/);
    await expectNoViolations(page);
    await page.screenshot({ path: 'reports/tutorials/start-screen.png' });
    await start.getByRole('button', { name: 'Open the visualizer' }).click();
    await expect(start).toHaveCount(0);
    // The demo's run stays on the stage, stopped where it was.
    await expect(page.getByTestId('scenario-summary')).toContainText('S3:');
    // The view is saved: the next bare visit restores it instead of the start screen.
    await waitForIdle(page);
    await page.goto('/');
    await waitForIdle(page);
    await expect(page.getByTestId('start-screen')).toHaveCount(0);
    const button = page.getByRole('button', { name: 'Start screen' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await button.click();
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Start here' }),
    ).toBeFocused();
  });

  test('a link opens a tutorial at a checkpoint, and the URL follows the checkpoint', async ({
    page,
  }) => {
    await openApp(page, `/?tutorial=${srcmapRead.id}&checkpoint=3`);
    await expect(page.getByTestId('tutorial-progress')).toContainText(
      `Checkpoint 3 of ${String(srcmapRead.checkpoints.length)}`,
    );
    const { cursor } = await sim.position(page);
    expect(await sim.findEvent(page, 'page.read', cursor)).toBe(cursor);
    await expect(page).toHaveURL(/tutorial=srcmap-read/);
    await expect(page).toHaveURL(/checkpoint=3/);
    await expectNoViolations(page);
    await page
      .getByRole('button', { name: 'Checkpoint 2:', exact: false })
      .click();
    await waitForIdle(page);
    await expect(page).toHaveURL(/checkpoint=2/);
    // Leaving the tutorial's scenario ends the tutorial.
    await page
      .getByRole('combobox', { name: 'Scenario', exact: true })
      .selectOption('S4');
    await waitForIdle(page);
    await expect(page.getByTestId('tutorial')).toHaveCount(0);
    await expect(page).not.toHaveURL(/tutorial=/);
  });

  test('an unknown tutorial or checkpoint opens the start screen with the reason', async ({
    page,
  }) => {
    await openApp(page, '/?tutorial=no-such-lesson');
    await expect(page.getByTestId('start-notice')).toContainText(
      'There is no tutorial “no-such-lesson”',
    );
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expect(page.getByTestId('scenario-summary')).not.toBeEmpty();
    await openApp(page, `/?tutorial=${srcmapRead.id}&checkpoint=99`);
    await expect(page.getByTestId('start-notice')).toContainText(
      `has checkpoints 1 to ${String(srcmapRead.checkpoints.length)}; there is no checkpoint 99`,
    );
    await openApp(page, `/?tutorial=${srcmapRead.id}&checkpoint=two`);
    await expect(page.getByTestId('start-notice')).toContainText(
      '“two” is not a checkpoint number',
    );
    await expect(page.getByTestId('tutorial')).toHaveCount(0);
  });

  test('the URL writer keeps the walkthrough keys it does not own', async ({
    page,
  }) => {
    await openApp(
      page,
      '/?scenario=S4&design=legacy&walkthrough=kept-key&stop=2',
    );
    await press(page, 'ArrowRight', 3);
    await waitForIdle(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('step')).toBe('3');
    expect(url.searchParams.get('walkthrough')).toBe('kept-key');
    expect(url.searchParams.get('stop')).toBe('2');
  });
});
