import { expect, test } from '@playwright/test';
import { openApp } from './fixtures.ts';

// Pixel baselines of each main view (start screen, single view, compare, XFS's X2 alone and beside S2 under
// srcmap at its srcmap read, sub-page blocks, a tutorial checkpoint, a walkthrough stop) after the app's
// idle signal, at 1280×720 and 1920×1080, in both themes.
// The baselines are the committed docs/screenshots/ (the README shows one); `--update-snapshots` remakes them.
test.describe.configure({ timeout: 90_000 });

const VIEWS = [
  { name: 'start', path: '/', ready: 'start-screen' },
  {
    name: 'main',
    path: '/?scenario=S2&design=srcmap&step=23',
    ready: 'page-grid',
  },
  {
    name: 'compare',
    path: '/?scenario=S3&design=v1-posted&compare=srcmap&step=30',
    ready: 'compare',
  },
  {
    name: 'xfs',
    path: '/?scenario=X2&design=xfs&step=17',
    ready: 'xfs-forks-primary',
  },
  {
    name: 'compare-xfs',
    path: '/?scenario=X2&design=xfs&compare=srcmap&step=17',
    ready: 'compare',
  },
  {
    name: 'subpage',
    path: '/?scenario=S10&design=srcmap&step=40',
    ready: 'page-grid',
  },
  {
    name: 'tutorial',
    path: '/?tutorial=v1-bug&checkpoint=2',
    ready: 'tutorial',
  },
  {
    name: 'walkthrough',
    path: '/?walkthrough=p5-btrfs-cow',
    ready: 'walkthrough',
  },
] as const;

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

for (const view of VIEWS)
  for (const size of SIZES)
    for (const theme of ['light', 'dark'] as const)
      test(`pixels: ${view.name} at ${String(size.width)}x${String(size.height)} (${theme})`, async ({
        page,
      }) => {
        await page.setViewportSize(size);
        await page.emulateMedia({
          colorScheme: theme,
          reducedMotion: 'reduce',
        });
        await openApp(page, view.path);
        await expect(page.getByTestId(view.ready).first()).toBeVisible();
        await expect(page).toHaveScreenshot(
          `${view.name}-${String(size.width)}-${theme}.png`,
        );
      });
