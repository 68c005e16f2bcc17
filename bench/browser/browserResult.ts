// The browser bench's results, as the spec writes them and bench/main.ts reads them.

import type { OpfsBenchResult } from './opfsProtocol.ts';
import type { Spread } from '../stats.ts';

export interface FrameTimes {
  /** Intervals between animation frames (the display's rate when every frame is on time), ms. */
  readonly frameMs: Spread;
  /** The app's own canvas draw times over its last frames (app/viz/renderStats.ts), ms. */
  readonly canvasMedianMs: number;
  readonly canvasMaxMs: number;
  /** Steps the cursor moved while frames were timed. */
  readonly steps: number;
}

export interface BrowserResult {
  readonly chromium: string;
  /** Navigation start to the first scenario drawn, in a fresh profile and again after a reload, ms. */
  readonly firstRenderColdMs: number | null;
  readonly firstRenderWarmMs: number | null;
  readonly opfs: OpfsBenchResult | null;
  readonly largeFile: {
    readonly pages: number;
    /** Seconds from choosing the scenario file to the run fully shown (setup, run, data oracle). */
    readonly loadSeconds: number;
    readonly playing: FrameTimes;
    readonly zoomPan: FrameTimes;
  } | null;
  /** Parts that failed, with why (the others still ran). */
  readonly errors: readonly string[];
}

/** The environment variables bench/main.ts passes to the browser bench. */
export const ENV = {
  out: 'BENCH_BROWSER_OUT',
  opfsSize: 'BENCH_OPFS_SIZE',
  uiFileSize: 'BENCH_UI_FILE_SIZE',
  uiSeconds: 'BENCH_UI_SECONDS',
} as const;
