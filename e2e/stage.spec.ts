// The stage fits the screen: arriving as a person does (fresh profile, start screen, clicks), S3 under
// v1-posted shows the transport (on one line), the Source pane, the page cache and the iomap picture without
// scrolling, and stepping moves the Source pane's current line, which stays on screen;
// nothing scrolls sideways from 1280 to 2560 wide; a tutorial checkpoint or a walkthrough stop opens in the
// drawer beside the stage and keeps the picture on screen, in compare both stages' page cache and iomap.

import { expect, test, type Page } from '@playwright/test';
import { openApp, openFromStart, press, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

async function expectNoScroll(page: Page): Promise<void> {
  const box = await page.evaluate(() => ({
    scrollX: window.scrollX,
    scrollY: window.scrollY,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(box.scrollY).toBe(0);
  expect(box.scrollX).toBe(0);
  expect(box.scrollWidth).toBeLessThanOrEqual(box.innerWidth);
}

/** The playback toolbar holds one line of buttons: it is no taller than twice its Play button. */
async function expectTransportOneLine(page: Page): Promise<void> {
  const bar = page.getByRole('toolbar', { name: 'Playback' }).first();
  const barBox = await bar.boundingBox();
  const playBox = await bar
    .getByRole('button', { name: /^(Play|Pause)$/ })
    .boundingBox();
  expect(barBox).not.toBeNull();
  expect(playBox).not.toBeNull();
  if (barBox !== null && playBox !== null)
    expect(barBox.height).toBeLessThan(playBox.height * 2);
}

async function expectPictureOnScreen(
  page: Page,
  suffix = '',
  regions = ['Page cache', 'iomap and srcmap'],
): Promise<void> {
  await expect(
    page.getByRole('toolbar', { name: 'Playback' }).first(),
  ).toBeInViewport({ ratio: 1 });
  for (const name of regions)
    await expect(
      page.getByRole('region', { name: `${name}${suffix}`, exact: true }),
    ).toBeInViewport({ ratio: 0.3 });
}

for (const size of SIZES)
  test(`S3 under v1-posted at ${String(size.width)}x${String(size.height)}: transport, page cache and iomap on screen`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openFromStart(page, 'S3', 'v1-posted');
    // Into the write: the first iomap iteration and the page it copies into.
    await press(page, 'ArrowRight', 30);
    await expectPictureOnScreen(page, '', [
      'Source',
      'Page cache',
      'iomap and srcmap',
    ]);
    await expectTransportOneLine(page);
    await expectNoScroll(page);
    // Step on: the marked line moves through the listings and is always on screen.
    const current = page
      .getByRole('region', { name: 'Source', exact: true })
      .locator('[aria-current="step"]');
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await expect(current).toBeInViewport({ ratio: 1 });
      seen.add(
        `${(await current.getAttribute('data-line')) ?? ''} ${(await current.textContent()) ?? ''}`,
      );
      await press(page, 'ArrowRight');
    }
    expect(seen.size).toBeGreaterThan(3);
    await expectNoScroll(page);
  });

for (const width of [1280, 1920, 2560])
  test(`no sideways overflow at ${String(width)} wide: start screen, single view, compare`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: Math.round(width * 0.5625) });
    await openApp(page, '/');
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expectNoScroll(page);
    await page.getByRole('button', { name: 'Open the visualizer' }).click();
    await waitForIdle(page);
    await expectNoScroll(page);
    await page
      .getByRole('combobox', { name: 'Compare with', exact: true })
      .selectOption('legacy');
    await waitForIdle(page);
    await expect(page.getByTestId('compare')).toBeVisible();
    await expectNoScroll(page);
    // The first visit's S3 under v1-posted, now beside legacy.
    await expectPictureOnScreen(page, ' — v1-posted');
  });

for (const size of SIZES)
  test(`the guide drawer keeps the picture on screen at ${String(size.width)}x${String(size.height)}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openApp(page, '/');
    const start = page.getByTestId('start-screen');
    await start
      .getByRole('link', {
        name: 'The bug review caught: the posted series zeroes data',
      })
      .click();
    await waitForIdle(page);
    const tutorial = page.getByTestId('tutorial');
    await expect(tutorial).toBeInViewport();
    await expectPictureOnScreen(page);
    await expectNoScroll(page);
    // What the checkpoint asks the learner to look at is on screen, highlighted.
    await expect(
      page.locator('section[data-highlight="true"]').first(),
    ).toBeInViewport();

    await page.getByRole('button', { name: 'Start screen' }).click();
    await start.getByRole('link', { name: /^4\/6 btrfs/ }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('walkthrough')).toBeInViewport();
    // Two stages beside the drawer, each with its page cache and its iomap picture above the fold.
    await expectPictureOnScreen(page, ' — v1-posted');
    await expectPictureOnScreen(page, ' — legacy');
    await expectTransportOneLine(page);
    await expectNoScroll(page);
  });

/** Counts the CSS transitions that start on the page from now on. */
async function countMotion(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __motion: number };
    w.__motion = 0;
    document.addEventListener('transitionrun', () => {
      w.__motion++;
    });
  });
  return () =>
    page.evaluate(() => (window as unknown as { __motion: number }).__motion);
}

for (const reduced of [false, true])
  test(`a step moves the gauges${reduced ? ' — not under reduced motion' : ''}`, async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: reduced ? 'reduce' : null });
    await openApp(page, '/');
    await page.getByRole('button', { name: 'Open the visualizer' }).click();
    await waitForIdle(page);
    // Just before the write reserves its data space, then one step by hand: may_use grows.
    await sim.seekTo(page, (await sim.findEvent(page, 'btrfs.reserve')) - 1);
    const moved = await countMotion(page);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('delta-data-mayUse')).toHaveText('(+4K)');
    if (reduced) expect(await moved()).toBe(0);
    else await expect.poll(moved).toBeGreaterThan(0);
  });

/** Counts the Web Animations the stage starts from now on (each Element.animate call). */
async function countAnimate(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __animate: number };
    w.__animate = 0;
    const proto = Element.prototype;
    const animate = Object.getOwnPropertyDescriptor(proto, 'animate')
      ?.value as Element['animate'];
    proto.animate = function (this: Element, ...args) {
      w.__animate++;
      return animate.apply(this, args);
    };
  });
  return () =>
    page.evaluate(() => (window as unknown as { __animate: number }).__animate);
}

for (const reduced of [false, true])
  test(`the zeroing sweeps over page 0 and sweeps back${reduced ? ' — not under reduced motion' : ''}`, async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: reduced ? 'reduce' : null });
    await openFromStart(page, 'S3', 'v1-posted');
    await sim.seekTo(page, (await sim.findEvent(page, 'page.zero')) - 1);
    const played = await countAnimate(page);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForIdle(page);
    await expect(
      page.getByTestId('byte-strip-0-0').locator('[data-source="zero"]'),
    ).toHaveCount(2);
    if (reduced) {
      expect(await played()).toBe(0);
      expect(await page.evaluate(() => document.getAnimations().length)).toBe(
        0,
      );
      return;
    }
    const forward = await played();
    expect(forward).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Step back', exact: true }).click();
    await waitForIdle(page);
    await expect.poll(played).toBeGreaterThan(forward);
  });

for (const reduced of [false, true])
  test(`at CoW completion the extent moves to its new disk address and back${reduced ? ' — not under reduced motion' : ''}`, async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: reduced ? 'reduce' : null });
    await openFromStart(page, 'S3', 'v1-posted');
    const insert = await sim.findEvent(
      page,
      'btrfs.extent',
      0,
      'insert a regular file extent item',
    );
    await sim.seekTo(page, insert - 1);
    // Which elements the stage animates from now on, by test id.
    await page.evaluate(() => {
      const w = window as unknown as { __animated: string[] };
      w.__animated = [];
      const proto = Element.prototype;
      const animate = Object.getOwnPropertyDescriptor(proto, 'animate')
        ?.value as Element['animate'];
      proto.animate = function (this: Element, ...args) {
        w.__animated.push(this.getAttribute('data-testid') ?? '');
        return animate.apply(this, args);
      };
    });
    const moves = () =>
      page.evaluate(
        () =>
          (window as unknown as { __animated: string[] }).__animated.filter(
            (id) => id === 'extent-move',
          ).length,
      );
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('extent-move')).toHaveCount(1);
    if (reduced) {
      expect(await moves()).toBe(0);
      return;
    }
    await expect.poll(moves).toBe(1);
    // Stepping on and back onto the step plays it again, backwards.
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForIdle(page);
    await expect(page.getByTestId('extent-move')).toHaveCount(0);
    await page.getByRole('button', { name: 'Step back', exact: true }).click();
    await waitForIdle(page);
    await expect.poll(moves).toBe(2);
  });
