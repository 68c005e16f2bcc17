// The browser bench (Playwright, headless Chromium, a persistent profile): time to the first rendered
// scenario, raw OPFS writes against the engine's OPFS writeback in one page, and UI frame times while
// playing a scenario on a large file and while zooming and panning it. Measures; asserts nothing about speed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium.ts';
import { sim, waitForIdle } from '../../e2e/fixtures.ts';
import { spread } from '../stats.ts';
import { ENV, type BrowserResult, type FrameTimes } from './browserResult.ts';
import type { OpfsBenchResult } from './opfsProtocol.ts';
import { BENCH_URL } from './port.ts';

declare global {
  interface Window {
    __benchFirstRender?: number;
  }
}

function envNumber(name: string): number {
  const n = Number(process.env[name]);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be set (bench/main.ts sets it)`);
  return n;
}

/** Records, from the first script on, when a scenario's pages are first drawn (ms since navigation). */
function markFirstRender(): void {
  const observer = new MutationObserver(() => {
    if (
      document.querySelector(
        '[data-testid="page-grid"], [data-testid="page-canvas"]',
      ) !== null
    ) {
      window.__benchFirstRender ??= performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function firstRender(page: Page): Promise<number> {
  await page.waitForFunction(
    () => window.__benchFirstRender !== undefined,
    null,
    {
      timeout: 120_000,
    },
  );
  return page.evaluate(() => window.__benchFirstRender ?? -1);
}

/** The browser's full version (the user agent string rounds it to 156.0.0.0). */
async function chromiumVersion(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { product } = await cdp.send('Browser.getVersion');
  await cdp.detach();
  return product.replace(/^[^/]*\//, '');
}

/** Intervals between animation frames for `ms` milliseconds. */
function frameIntervals(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        let last = -1;
        const end = performance.now() + duration;
        const loop = (now: number) => {
          if (last >= 0) out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(loop);
          else resolve(out);
        };
        requestAnimationFrame(loop);
      }),
    ms,
  );
}

async function frameTimes(
  page: Page,
  ms: number,
  during: (until: number) => Promise<void>,
): Promise<FrameTimes> {
  const before = await sim.position(page);
  const intervals = frameIntervals(page, ms);
  await during(Date.now() + ms);
  const frames = await intervals;
  const after = await sim.position(page);
  const canvas = await sim.canvasStats(page);
  return {
    frameMs: spread(frames),
    canvasMedianMs: canvas.medianMs,
    canvasMaxMs: canvas.maxMs,
    steps: Math.abs(after.cursor - before.cursor),
  };
}

async function opfsPart(page: Page, bytes: number): Promise<OpfsBenchResult> {
  await page.goto(`${BENCH_URL}/bench/browser/opfs.html`);
  await page.waitForFunction(() => window.runOpfsBench !== undefined);
  const reply = await page.evaluate(
    (b) => window.runOpfsBench?.({ bytes: b }),
    bytes,
  );
  if (reply === undefined) throw new Error('the OPFS bench page did not load');
  if (!reply.ok) throw new Error(`OPFS bench: ${reply.error}`);
  return reply.result;
}

async function largeFilePart(
  page: Page,
  fileBytes: number,
  seconds: number,
): Promise<NonNullable<BrowserResult['largeFile']>> {
  await page.goto(BENCH_URL);
  await waitForIdle(page);
  const scenario = {
    id: 'bench-large-file',
    title: 'A large file',
    description: 'One 256 KiB write in the middle of a large file.',
    files: [{ name: 'F', size: fileBytes }],
    ops: [{ op: 'write', file: 'F', offset: fileBytes / 2, length: '256K' }],
  };
  const t0 = Date.now();
  await page.getByTestId('scenario-file').setInputFiles({
    name: 'bench-large-file.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.waitForFunction(
    () =>
      window.__sim
        ?.shownRuns()
        .some((r) => r.scenario === 'bench-large-file' && r.complete) ?? false,
    null,
    { timeout: 10 * 60_000 },
  );
  await waitForIdle(page);
  const loadSeconds = (Date.now() - t0) / 1000;
  // From the start, at the fastest speed (8 steps/s by default; each + doubles it up to 128).
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  await waitForIdle(page);
  await page.keyboard.press('Space');
  // The frames are timed while the player runs on its own.
  const playing = await frameTimes(page, seconds * 1000, () =>
    Promise.resolve(),
  );
  await page.keyboard.press('Space');
  await waitForIdle(page);
  await page.getByRole('button', { name: 'Zoom to the operation' }).click();
  await waitForIdle(page);
  const detail = page.getByRole('img', { name: /^Detail of pages/ });
  const box = await detail.boundingBox();
  if (box === null) throw new Error('no detail canvas');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const zoomPan = await frameTimes(page, seconds * 1000, async (until) => {
    for (let out = true; Date.now() < until; out = !out) {
      await page.mouse.move(x, y);
      await page.mouse.wheel(0, out ? 400 : -400);
      await page.mouse.down();
      await page.mouse.move(x + (out ? 200 : -200), y, { steps: 5 });
      await page.mouse.up();
    }
  });
  return {
    pages: fileBytes / 4096,
    loadSeconds,
    playing,
    zoomPan,
  };
}

test('browser bench', async () => {
  const out = process.env[ENV.out];
  if (out === undefined) throw new Error(`${ENV.out} must be set`);
  const opfsBytes = envNumber(ENV.opfsSize);
  const fileBytes = envNumber(ENV.uiFileSize);
  const seconds = envNumber(ENV.uiSeconds);
  const profile = mkdtempSync(join(tmpdir(), 'iomap-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions(),
    headless: true,
    viewport: { width: 1280, height: 720 },
  });
  const errors: string[] = [];
  const attempt = async <R>(part: string, body: () => Promise<R>) => {
    try {
      return await body();
    } catch (error) {
      errors.push(
        `${part}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      );
      return null;
    }
  };
  try {
    const page = await context.newPage();
    await page.addInitScript(markFirstRender);
    const cold = await attempt('first render', async () => {
      await page.goto(BENCH_URL);
      const ms = await firstRender(page);
      await waitForIdle(page);
      return ms;
    });
    const warm = await attempt('first render after reload', async () => {
      await page.reload();
      const ms = await firstRender(page);
      await waitForIdle(page);
      return ms;
    });
    await page.close();
    const opfsPage = await context.newPage();
    const opfs = await attempt('OPFS', () => opfsPart(opfsPage, opfsBytes));
    await opfsPage.close();
    const uiPage = await context.newPage();
    const largeFile = await attempt('large file', () =>
      largeFilePart(uiPage, fileBytes, seconds),
    );
    const result: BrowserResult = {
      chromium:
        (await attempt('version', () => chromiumVersion(uiPage))) ?? 'unknown',
      firstRenderColdMs: cold,
      firstRenderWarmMs: warm,
      opfs,
      largeFile,
      errors,
    };
    writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
