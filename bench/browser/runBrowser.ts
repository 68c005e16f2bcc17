// Runs the browser bench (its own Playwright config, against the build in `dist`) and reads its results.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, type BrowserResult } from './browserResult.ts';

export interface BrowserSizes {
  readonly opfsSize: number;
  readonly uiFileSize: number;
  readonly uiSeconds: number;
}

export function runBrowserBench(
  dist: string,
  sizes: BrowserSizes,
): BrowserResult {
  const out = join(tmpdir(), `iomap-bench-browser-${String(process.pid)}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(
    'npx',
    ['playwright', 'test', '-c', 'bench/browser/playwright.config.ts'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        BENCH_DIST: dist,
        [ENV.out]: out,
        [ENV.opfsSize]: String(sizes.opfsSize),
        [ENV.uiFileSize]: String(sizes.uiFileSize),
        [ENV.uiSeconds]: String(sizes.uiSeconds),
      },
    },
  );
  if (!existsSync(out))
    throw new Error(
      `the browser bench wrote no results (playwright exit ${String(r.status)}${r.error === undefined ? '' : `: ${r.error.message}`})`,
    );
  try {
    return JSON.parse(readFileSync(out, 'utf8')) as BrowserResult;
  } finally {
    rmSync(out, { force: true });
  }
}
