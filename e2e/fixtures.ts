// Shared Playwright helpers: wait for the app's idle signal (never a timed wait), and a typed handle on
// window.__sim (the app's test API, app/testApi.ts).

import type { Page } from '@playwright/test';

interface SimApi {
  waitForIdle(): Promise<void>;
  position(): { readonly cursor: number; readonly events: number };
  stateJson(): string;
  seekTo(seq: number): void;
  findEvent(kind: string, from?: number, text?: string): number;
  canvasStats(): {
    readonly frames: number;
    readonly maxMs: number;
    readonly medianMs: number;
  };
  shownRuns(): readonly {
    readonly scenario: string;
    readonly events: number;
    readonly complete: boolean;
  }[];
}

declare global {
  interface Window {
    __sim?: SimApi;
  }
}

export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__sim !== undefined);
  await page.evaluate(() => window.__sim?.waitForIdle());
}

/** The default view (S2 under srcmap) by its link: a bare first visit plays the S3 demo instead. */
export const DEFAULT_VIEW = '/?scenario=S2&design=srcmap';

/** Opens the app and waits until the engine has answered everything it was asked. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitForIdle(page);
}

export const sim = {
  position: (page: Page) =>
    page.evaluate(() => window.__sim?.position() ?? { cursor: -1, events: 0 }),
  stateJson: (page: Page) =>
    page.evaluate(() => window.__sim?.stateJson() ?? ''),
  async seekTo(page: Page, seq: number): Promise<void> {
    await page.evaluate((s) => {
      window.__sim?.seekTo(s);
    }, seq);
    await waitForIdle(page);
  },
  findEvent: (page: Page, kind: string, from = 0, text = '') =>
    page.evaluate(([k, f, t]) => window.__sim?.findEvent(k, f, t) ?? -1, [
      kind,
      from,
      text,
    ] as const),
  shownRuns: (page: Page) =>
    page.evaluate(() => window.__sim?.shownRuns() ?? []),
  canvasStats: (page: Page) =>
    page.evaluate(
      () => window.__sim?.canvasStats() ?? { frames: 0, maxMs: 0, medianMs: 0 },
    ),
};

/**
 * As a person arrives: a fresh start screen, "Open the visualizer", then a scenario and a design chosen, and
 * the run from its first step (the first visit's demo, S3 under v1-posted, is left on the step it stopped on:
 * choosing the same run again changes nothing, so the start is a click on "Jump to start").
 */
export async function openFromStart(
  page: Page,
  scenario: string,
  design: string,
): Promise<void> {
  await openApp(page, '/');
  await page.getByRole('button', { name: 'Open the visualizer' }).click();
  await waitForIdle(page);
  await chooseRun(page, scenario, design);
  await page.getByRole('button', { name: 'Jump to start' }).click();
  await waitForIdle(page);
}

/** Picks a scenario, then a design, in the visualizer's selects, waiting for each run. */
export async function chooseRun(
  page: Page,
  scenario: string,
  design: string,
): Promise<void> {
  await page
    .getByRole('combobox', { name: 'Scenario', exact: true })
    .selectOption(scenario);
  await waitForIdle(page);
  await page
    .getByRole('combobox', { name: 'Design', exact: true })
    .selectOption(design);
  await waitForIdle(page);
}

/** Presses `key` `times` times, then waits for idle. */
export async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
  await waitForIdle(page);
}
