// Child process of bench/node/traceMemory.ts: runs what the app's worker runs for one scenario (runScenario
// with tracing on, events posted in batches, each batch structured-cloned as postMessage would) until about
// the asked number of events, then prints its peak memory as one JSON line. `idle` only loads the modules.
//
//   node --import tsx bench/node/traceMemoryChild.ts <events|idle>

import { readFileSync } from 'node:fs';
import { runScenario } from '../../engine/host/runSession.ts';

/** Each write: 24 KiB (about 100 events each, so 1M events fit the scenario limits on ops and bytes moved). */
const WRITE = 24 * 1024;
/**
 * The writes cycle over a 240 KiB file: the memory measured is the trace's, not the page cache's or the
 * oracle's copies of a large file (and the data oracle, which reads the file after every op, stays cheap).
 */
const FILE = 10 * WRITE;

function scenarioJson(writes: number): string {
  return JSON.stringify({
    id: 'bench-trace-memory',
    title: 'Overwrites cycling over a small file',
    description: 'A long traced run for the memory bench.',
    geometry: { pageSize: '4K', sectorSize: '4K', deviceSize: '256M' },
    files: [{ name: 'F', size: 0 }],
    ops: Array.from({ length: writes }, (_, i) => ({
      op: 'write',
      file: 'F',
      offset: (i * WRITE) % FILE,
      length: WRITE,
    })),
  });
}

let peakHeap = 0;
let peakBuffers = 0;

/** Runs `writes` writes as the worker does; returns the events the run recorded. */
function run(writes: number): number {
  const reply = runScenario(
    {
      runId: 1,
      source: { kind: 'inline', json: scenarioJson(writes) },
      variant: 'srcmap',
      device: 'memory',
    },
    null,
    (push) => {
      structuredClone(push);
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    },
  );
  if (!reply.ok)
    throw new Error(
      reply.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    );
  return reply.eventCount;
}

/**
 * This process's peak resident set: VmHWM of its own memory. Not getrusage's maxRSS, which Linux carries
 * across exec from the memory the process was forked with, so it starts at the bench's own size.
 */
function peakResident(): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(
    readFileSync('/proc/self/status', 'utf8'),
  );
  return line?.[1] === undefined
    ? process.resourceUsage().maxRSS * 1024
    : Number(line[1]) * 1024;
}

const arg = process.argv[2] ?? 'idle';
let events = 0;
if (arg !== 'idle') {
  const target = Number(arg);
  const probe = 16;
  const perWrite = run(probe) / probe;
  events = run(Math.max(1, Math.ceil(target / perWrite)));
}
console.log(
  JSON.stringify({
    events,
    maxRssBytes: peakResident(),
    peakHeapBytes: peakHeap,
    peakArrayBufferBytes: peakBuffers,
  }),
);
