// The built site's Content-Security-Policy (scripts/cspPlugin.ts) is in force and the app lives within it:
// a person opens S3 from the start screen, steps through it and exports a PNG, and the browser reports no
// violation (neither a securitypolicyviolation event nor a console error).

import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../scripts/cspPlugin.ts';
import { openFromStart, press, sim } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

/** Before any script of the page runs: keep every CSP violation the document reports. */
function recordViolations(): void {
  const w = window as unknown as { __csp: string[] };
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__csp.push(
      `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${String(e.lineNumber)}:${String(e.columnNumber)} ${e.sample}`,
    );
  });
}

test('the built page runs S3, steps and exports under a strict CSP with no violation', async ({
  page,
}) => {
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
  await page.addInitScript(recordViolations);

  await openFromStart(page, 'S3', 'srcmap');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toBe(CONTENT_SECURITY_POLICY);
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ])
    expect(policy).toContain(directive);
  expect(policy).not.toMatch(/unsafe-(eval|inline)/);

  // The engine worker answered under the policy: the run is there, and stepping moves through it.
  await press(page, 'ArrowRight', 12);
  expect((await sim.position(page)).cursor).toBe(12);
  await press(page, 'End');
  const { cursor, events } = await sim.position(page);
  expect(cursor).toBe(events - 1);

  // The PNG export draws the SVG from a blob: URL (img-src blob:).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = await readFile(await (await download).path());
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  const violations = await page.evaluate(
    () => (window as unknown as { __csp: string[] }).__csp,
  );
  expect(violations).toEqual([]);
  expect(consoleCsp).toEqual([]);
});
