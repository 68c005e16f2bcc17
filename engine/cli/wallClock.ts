// The command line's wall clock, for progress lines and ops/s only. The CLI is the Node shell around the
// engine, not part of the deterministic simulation: nothing it measures feeds back into a run.

import { performance } from 'node:perf_hooks';

/** Milliseconds since an arbitrary start. */
export function wallClockMs(): number {
  // eslint-disable-next-line no-restricted-properties -- the CLI shell's own timing, never the engine's
  return performance.now();
}
