// Peak memory of a long traced run in the worker: traceMemoryChild.ts in a fresh Node process (what the
// app's worker runs, streamed in batches), and the same process only loading the modules, for the baseline
// Node and tsx themselves take.

import { spawnSync } from 'node:child_process';

export interface TraceMemory {
  readonly events: number;
  /** Peak resident set of the process that ran it. */
  readonly maxRssBytes: number;
  /** Peak V8 heap in use, sampled at every batch posted. */
  readonly peakHeapBytes: number;
  /** Peak ArrayBuffer memory (pages, the memory disk), sampled likewise. */
  readonly peakArrayBufferBytes: number;
  /** Peak resident set of the same process that only loaded the modules. */
  readonly baselineRssBytes: number;
}

interface ChildReport {
  readonly events: number;
  readonly maxRssBytes: number;
  readonly peakHeapBytes: number;
  readonly peakArrayBufferBytes: number;
}

function child(arg: string): ChildReport {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/node/traceMemoryChild.ts', arg],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0)
    throw new Error(`trace memory child failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ChildReport;
}

export function traceMemory(events: number): TraceMemory {
  const run = child(String(events));
  return { ...run, baselineRssBytes: child('idle').maxRssBytes };
}
