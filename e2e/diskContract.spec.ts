import { expect, test, type Page } from '@playwright/test';
import { blockDeviceContract } from '../engine/disk/blockDevice.contract.ts';
import { startDevServer, type Running } from './servers.ts';

interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

declare global {
  interface Window {
    runDiskContract?: () => Promise<CaseResult[]>;
  }
}

test.describe.configure({ mode: 'serial' });

test.describe('BlockDevice contract: OpfsDisk in headless Chromium', () => {
  let page: Page;
  let results: CaseResult[] = [];
  // The harness page starts its worker from TypeScript source, which only the dev server compiles.
  let dev: Running;

  test.beforeAll(async ({ browser }) => {
    dev = await startDevServer();
    page = await browser.newPage();
    await page.goto(`${dev.url}e2e/harness/disk-contract.html`);
    await page.waitForFunction(() => window.runDiskContract !== undefined);
    results = await page.evaluate(() =>
      (window.runDiskContract as () => Promise<CaseResult[]>)(),
    );
  });

  test.afterAll(async () => {
    await page.close();
    await dev.close();
  });

  for (const c of blockDeviceContract) {
    test(c.name, () => {
      const result = results.find((r) => r.name === c.name);
      expect(result, 'the case ran in the browser').toBeDefined();
      expect(result?.error).toBeUndefined();
      expect(result?.ok).toBe(true);
    });
  }
});
