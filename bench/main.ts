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
import { buildCli, cliStart } from './node/cliStart.ts';
import { bigFileRates, exerciserRates } from './node/exerciserRate.ts';
import { ddReferences, memcpyCeiling } from './node/references.ts';
import {
  randomOverwrites,
  sequentialTraced,
  sequentialUntraced,
} from './node/writeThroughput.ts';
import { replayVersusLinux } from './node/replayVersusLinux.ts';
import { traceMemory } from './node/traceMemory.ts';
import {
  parseOptions,
  USAGE,
  UsageError,
  type BenchOptions,
} from './options.ts';
import { markdownTable } from './report.ts';
import type { BenchResults, Failed } from './results.ts';
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

/** Runs one part of the bench; a part that throws is reported as failed, and the others still run. */
function part<R>(body: () => R): R | Failed {
  try {
    return body();
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** The CLI as the package installs it, then its start times and replay-fsx against Linux. */
function cliParts(options: BenchOptions): Pick<BenchResults, 'cli' | 'replay'> {
  const dir = join(tmpdir(), `iomap-bench-cli-${String(process.pid)}`);
  try {
    progress('CLI: compiled start (--help, scenarios)');
    const compiled = part(() => buildCli(join(dir, 'cli')));
    if (typeof compiled !== 'string')
      return { cli: compiled, replay: compiled };
    const cli = part(() => cliStart(compiled, options.cliRuns));
    progress('replay-fsx of an exerciser log, and Linux replaying it');
    const replay = part(() =>
      replayVersusLinux(compiled, join(dir, 'replay'), {
        seed: 1,
        ops: options.replayOps,
        maxSize: `${String(options.replayMaxSize / 1024)}K`,
      }),
    );
    return { cli, replay };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  const { cli, replay } = cliParts(options);
  progress(
    `memory: a ${String(options.memoryEvents)}-event traced run as the worker runs it`,
  );
  const memory = part(() => traceMemory(options.memoryEvents));
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
    cli,
    replay,
    memory,
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
