// `npm run bench`: measures the engine and the UI against real references taken in the same run, prints
// the table and writes reports/bench.json. Targets are reported, never asserted.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp, initialJs } from './browser/buildApp.ts';
import { runBrowserBench } from './browser/runBrowser.ts';
import { machine } from './machine.ts';
import { eventTrace } from './node/eventTrace.ts';
import { bigFileRates, exerciserRates } from './node/exerciserRate.ts';
import { ddReferences, memcpyCeiling } from './node/references.ts';
import {
  randomOverwrites,
  sequentialTraced,
  sequentialUntraced,
} from './node/writeThroughput.ts';
import { parseOptions, USAGE, UsageError } from './options.ts';
import { markdownTable } from './report.ts';
import type { BenchResults } from './results.ts';
import { tableRows } from './rows.ts';

const started = performance.now();

function progress(text: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(`[bench ${s.padStart(4)} s] ${text}\n`);
}

function cpuSeconds(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const host = machine();
  progress(
    `${String(host.nproc)} cores, load ${String(host.loadAtStart)}; references: dd and memcpy`,
  );
  const references = [
    ...ddReferences(options.writeSize),
    memcpyCeiling(options.writeSize),
  ];
  progress('engine: sequential writes, tracing off, and writeback');
  const sequential = sequentialUntraced(options.writeSize);
  progress('engine: sequential writes, tracing on');
  const traced = sequentialTraced(options.tracedWriteSize);
  progress('engine: random overwrites');
  const random = randomOverwrites(options.randomSize);
  progress('events: generate, reduce, seek');
  const events = eventTrace(options.events, options.seeks);
  progress('exerciser: every design');
  const exerciser = exerciserRates(options.exerciseOps);
  progress('exerciser: 8 MiB files on 512 MiB, each correct design twice');
  const exerciserBig = bigFileRates(options.exerciseBigOps);
  const dist = join(tmpdir(), `iomap-bench-dist-${String(process.pid)}`);
  let js: BenchResults['initialJs'];
  let browser: BenchResults['browser'] = null;
  try {
    progress('vite build');
    buildApp(dist);
    js = initialJs(dist);
    if (options.browser) {
      progress('browser: first render, OPFS, large-file UI');
      try {
        browser = runBrowserBench(dist, options);
      } catch (error) {
        browser = { error: errorText(error) };
      }
    }
  } catch (error) {
    js = { error: errorText(error) };
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    options,
    machine: {
      ...host,
      chromium:
        browser !== null && !('error' in browser) ? browser.chromium : null,
      loadAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    },
    sequential,
    traced,
    random,
    references,
    events,
    exerciser,
    exerciserBig,
    initialJs: js,
    browser,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds(),
  };
  const rows = tableRows(results);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ ...results, rows }, null, 2));
  const m = results.machine;
  console.log(
    `\niomap-explorer bench, ${results.date}: ${String(m.nproc)} cores (${m.cpu}), ${String(m.memoryGiB)} GiB, Linux ${m.kernel}, Node ${m.node}, Chromium ${m.chromium ?? 'not run'}; load average ${String(m.loadAtStart)} at the start, ${String(m.loadAtEnd)} at the end\n`,
  );
  console.log(markdownTable(rows));
  console.log(
    `\n${results.seconds.toFixed(0)} s in all (${results.cpuSeconds.toFixed(0)} CPU s in the bench process); results in ${options.out}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
