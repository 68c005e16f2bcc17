// Turns one run's results into the table: values, ratios against the references of the same run, and
// the targets of issue 17 (reported, never asserted).

import type { BrowserResult } from './browser/browserResult.ts';
import type { Reference } from './node/references.ts';
import { fmt, ratio, type Row } from './report.ts';
import type { BenchResults, Failed } from './results.ts';
import { mbPerSecond } from './stats.ts';
import type { CommandTimes } from './node/cliStart.ts';

function rate(bytes: number, seconds: number): number {
  return mbPerSecond(bytes, seconds);
}

function refRate(r: Reference): number | null {
  return r.ok ? rate(r.bytes, r.seconds) : null;
}

/** engine/dd-shm, engine/dd-tmp, engine/memcpy for an engine rate in MB/s. */
function versus(mbps: number, refs: readonly Reference[]): string {
  return refs
    .map((r) => {
      const ref = refRate(r);
      return ref === null
        ? `${r.name}: skipped`
        : `${ratio(mbps, ref)} ${r.name}`;
    })
    .join('; ');
}

/** The rate per CPU second: what the engine does when it has a core to itself. */
function cpuRate(run: { bytes: number; cpuSeconds: number }): string {
  return `${fmt(rate(run.bytes, run.cpuSeconds))} MB/s per CPU second`;
}

function engineRows(res: BenchResults): Row[] {
  const refs = res.references;
  const kernel = refs.find((r) => r.ok && r.name.startsWith('dd'));
  const kernelRate = kernel === undefined ? null : refRate(kernel);
  const seq = res.sequential.writes;
  const seqRate = rate(seq.bytes, seq.seconds);
  const trRate = rate(res.traced.bytes, res.traced.seconds);
  const S = 'engine (Node)';
  const kernelName =
    kernel === undefined ? '' : ` (${kernel.name.replace('dd bs=4k to ', '')})`;
  const meets = (mbps: number, k: number): boolean | null =>
    kernelRate === null ? null : mbps >= k * kernelRate;
  const wb = res.sequential.writeback;
  return [
    {
      section: S,
      metric: `sequential 4 KiB writes, ${fmt(seq.bytes / 2 ** 20, 0)} MiB, tracing off`,
      value: `${fmt(seqRate)} MB/s, ${fmt(seq.ops / seq.seconds, 0)} ops/s`,
      compared: `${versus(seqRate, refs)}; ${cpuRate(seq)}`,
      target: `≥ 1× kernel dd bs=4k${kernelName} (stretch 2×)`,
      met: meets(seqRate, 1),
    },
    {
      section: S,
      metric: `sequential 4 KiB writes, ${fmt(res.traced.bytes / 2 ** 20, 0)} MiB, tracing on`,
      value: `${fmt(trRate)} MB/s, ${fmt(res.traced.ops / res.traced.seconds, 0)} ops/s, ${fmt(res.traced.events / res.traced.seconds, 0)} events/s`,
      compared: `${versus(trRate, refs)}; ${cpuRate(res.traced)}`,
      target: `≥ 0.25× kernel dd bs=4k${kernelName}`,
      met: meets(trRate, 0.25),
    },
    {
      section: S,
      metric: `random 4 KiB overwrites of a ${fmt(res.random.bytes / 2 ** 20, 0)} MiB file`,
      value: `${fmt(rate(res.random.bytes, res.random.seconds))} MB/s, ${fmt(res.random.ops / res.random.seconds, 0)} ops/s`,
      compared: cpuRate(res.random),
      target: '',
      met: null,
    },
    {
      section: S,
      metric: `writeback of the ${fmt(wb.bytes / 2 ** 20, 0)} MiB to a file-backed disk (+ fsync)`,
      value: `${fmt(rate(wb.bytes, wb.seconds))} MB/s`,
      compared: cpuRate(wb),
      target: '',
      met: null,
    },
  ];
}

function referenceRows(res: BenchResults): Row[] {
  return res.references.map((r) => ({
    section: 'references',
    metric: r.name,
    value: r.ok ? `${fmt(rate(r.bytes, r.seconds))} MB/s` : 'skipped',
    compared: r.ok
      ? `${fmt(r.bytes / 2 ** 20, 0)} MiB in ${fmt(r.seconds, 2)} s`
      : r.skipped,
    target: '',
    met: null,
  }));
}

function eventRows(res: BenchResults): Row[] {
  const e = res.events;
  const S = `events (${fmt(e.events, 0)}-event trace)`;
  const generated = e.events / e.generateSeconds;
  return [
    {
      section: S,
      metric: 'generated (4 KiB writes, tracing on)',
      value: `${fmt(generated, 0)} events/s`,
      compared: `${fmt(e.writes, 0)} writes`,
      target: '≥ 1M events/s (stretch 2M)',
      met: generated >= 1e6,
    },
    {
      section: S,
      metric: 'reduced forward (applyEvent)',
      value: `${fmt(e.events / e.forwardSeconds, 0)} events/s`,
      compared: '',
      target: '',
      met: null,
    },
    {
      section: S,
      metric: 'reduced backward (undoEvent)',
      value: `${fmt(e.events / e.backwardSeconds, 0)} events/s`,
      compared: '',
      target: '',
      met: null,
    },
    {
      section: S,
      metric: `seek to ${String(e.seekMs.count)} random steps (Timeline)`,
      value: `median ${fmt(e.seekMs.median, 2)} ms, p95 ${fmt(e.seekMs.p95, 2)} ms`,
      compared: `CPU time median ${fmt(e.seekCpuMs.median, 2)} ms, p95 ${fmt(e.seekCpuMs.p95, 2)} ms; Timeline built in ${fmt(e.timelineSeconds, 2)} s`,
      target: '≤ 50 ms',
      met: e.seekMs.p95 <= 50,
    },
  ];
}

function exerciserRows(res: BenchResults): Row[] {
  return res.exerciser.map((x) => {
    const perSecond = x.ops / x.seconds;
    return {
      section: 'exerciser',
      metric: `exercise --variant ${x.variant}`,
      value: `${fmt(perSecond, 0)} ops/s`,
      compared:
        x.disagreementAt === null
          ? `${fmt(x.ops, 0)} ops, no disagreement`
          : `stopped at the data loss found at op ${String(x.disagreementAt)} (as designed)`,
      target: '≥ 20k ops/s',
      met: perSecond >= 20_000,
    };
  });
}

function bigFileRows(res: BenchResults): Row[] {
  return res.exerciserBig.map(({ incremental: x, everyOp: y }) => {
    const perSecond = x.ops / x.seconds;
    const perCpu = x.ops / x.cpuSeconds;
    const full = y.ops / y.cpuSeconds;
    return {
      section: 'exerciser',
      metric: `exercise --variant ${x.variant}, 8 MiB files, 512 MiB device, 64K pages`,
      value: `${fmt(perSecond, 0)} ops/s (${fmt(perCpu, 0)} per CPU s)`,
      compared: `${fmt(perCpu / full, 1)}× the whole-file oracle after every op (${fmt(full, 0)} per CPU s), ${fmt(x.ops, 0)} ops each${x.disagreementAt === null && y.disagreementAt === null ? '' : ', a disagreement'}`,
      target: '≥ 300 ops/s (1M ops in under an hour)',
      met: perSecond >= 300,
    };
  });
}

/** One frame at 60 Hz. Frame intervals are vsync-paced, so an on-time frame measures 16.7 ms ± jitter. */
const FRAME_BUDGET_MS = 1000 / 60;
const JITTER_MS = 1;

function frameRows(
  name: string,
  f: NonNullable<BrowserResult['largeFile']>['playing'],
): Row {
  return {
    section: 'browser',
    metric: name,
    value: `median ${fmt(f.frameMs.median)} ms, p95 ${fmt(f.frameMs.p95)} ms, worst ${fmt(f.frameMs.worst)} ms`,
    compared: `${fmt(f.frameMs.count, 0)} frames, ${fmt(f.steps, 0)} steps; canvas draw median ${fmt(f.canvasMedianMs)} ms, max ${fmt(f.canvasMaxMs)} ms`,
    target: 'p95 ≤ 16.7 ms (+1 ms timer jitter)',
    met: f.frameMs.count > 0 && f.frameMs.p95 <= FRAME_BUDGET_MS + JITTER_MS,
  };
}

function browserRows(res: BenchResults): Row[] {
  const rows: Row[] = [];
  const js = res.initialJs;
  rows.push(
    'error' in js
      ? {
          section: 'browser',
          metric: 'initial JS (gzip)',
          value: 'failed',
          compared: js.error,
          target: '≤ 200 KB',
          met: null,
        }
      : {
          section: 'browser',
          metric: 'initial JS (gzip)',
          value: `${fmt(js.gzipBytes / 1000)} KB`,
          compared: `${String(js.files.length)} file(s), ${fmt(js.bytes / 1000)} KB before gzip`,
          target: '≤ 200 KB',
          met: js.gzipBytes <= 200_000,
        },
  );
  const b = res.browser;
  if (b === null) return rows;
  if ('error' in b) {
    rows.push({
      section: 'browser',
      metric: 'browser bench',
      value: 'failed',
      compared: b.error,
      target: '',
      met: null,
    });
    return rows;
  }
  if (b.opfs !== null) {
    const o = b.opfs;
    const large = rate(o.bytes, o.rawLargeSeconds);
    const small = rate(o.bytes, o.rawSmallSeconds);
    const wb = rate(o.bytes, o.engineWritebackSeconds);
    const mib = fmt(o.bytes / 2 ** 20, 0);
    rows.push(
      {
        section: 'browser',
        metric: `raw OPFS, ${mib} MiB in 1 MiB writes`,
        value: `${fmt(large)} MB/s`,
        compared: '',
        target: '',
        met: null,
      },
      {
        section: 'browser',
        metric: `raw OPFS, ${mib} MiB in 4 KiB writes`,
        value: `${fmt(small)} MB/s`,
        compared: `${ratio(small, large)} raw large writes`,
        target: '',
        met: null,
      },
      {
        section: 'browser',
        metric: `engine 4 KiB writes (tracing off), ${mib} MiB`,
        value: `${fmt(rate(o.bytes, o.engineWriteSeconds))} MB/s`,
        compared: '',
        target: '',
        met: null,
      },
      {
        section: 'browser',
        metric: 'engine writeback to OPFS (WriteCache + OpfsDisk)',
        value: `${fmt(wb)} MB/s`,
        compared: `${ratio(wb, large)} raw large writes`,
        target: '≥ 0.5× raw large writes',
        met: wb >= 0.5 * large,
      },
    );
  }
  if (b.largeFile !== null) {
    const l = b.largeFile;
    rows.push(
      {
        section: 'browser',
        metric: `large file (${fmt(l.pages, 0)} pages): load and run`,
        value: `${fmt(l.loadSeconds)} s`,
        compared: 'setup, one 256 KiB write, data oracle over the whole file',
        target: '≤ 1 s',
        met: l.loadSeconds <= 1,
      },
      frameRows(
        `UI frames while playing (${fmt(l.pages, 0)} pages)`,
        l.playing,
      ),
      frameRows('UI frames while zooming and panning', l.zoomPan),
    );
  }
  const first = (label: string, ms: number | null): Row => ({
    section: 'browser',
    metric: `navigation to first rendered scenario (${label})`,
    value: ms === null ? 'failed' : `${fmt(ms, 0)} ms`,
    compared: '',
    target: '≤ 1 s',
    met: ms === null ? null : ms <= 1000,
  });
  rows.push(
    first('fresh profile', b.firstRenderColdMs),
    first('reload', b.firstRenderWarmMs),
  );
  for (const e of b.errors)
    rows.push({
      section: 'browser',
      metric: 'part failed',
      value: '',
      compared: e,
      target: '',
      met: null,
    });
  return rows;
}

function failedRow(section: string, metric: string, f: Failed): Row {
  return {
    section,
    metric,
    value: 'failed',
    compared: f.error,
    target: '',
    met: null,
  };
}

/** Seconds a CLI start may take (issue 17). */
const CLI_START_TARGET_MS = 300;

function cliRows(res: BenchResults): Row[] {
  const c = res.cli;
  if ('error' in c) return [failedRow('CLI', 'start', c)];
  const row = (command: string, t: CommandTimes, compared: string): Row => ({
    section: 'CLI',
    metric: `start to exit: iomap-explorer ${command} (compiled, as installed)`,
    value: `median ${fmt(t.wallMs.median, 0)} ms`,
    compared: `CPU median ${fmt(t.cpuMs.median, 0)} ms; ${String(t.wallMs.count)} runs, worst ${fmt(t.wallMs.worst, 0)} ms${compared}`,
    target: `≤ ${String(CLI_START_TARGET_MS)} ms`,
    met: t.wallMs.median <= CLI_START_TARGET_MS,
  });
  const checkout = c.checkoutHelp;
  const node = `; Node alone (node -e 0, same rounds) median ${fmt(c.nodeAlone.wallMs.median, 0)} ms, CPU ${fmt(c.nodeAlone.cpuMs.median, 0)} ms`;
  return [
    row(
      '--help',
      c.help,
      `${node}; from a checkout (tsx) median ${fmt(checkout.wallMs.median, 0)} ms, CPU ${fmt(checkout.cpuMs.median, 0)} ms`,
    ),
    row('scenarios', c.scenarios, node),
  ];
}

function replayRows(res: BenchResults): Row[] {
  const r = res.replay;
  const S = 'replay-fsx';
  if ('error' in r) return [failedRow(S, 'an exerciser log', r)];
  const metric = `replay of an exerciser fsx log (${fmt(r.ops, 0)} ops, files up to ${r.log.maxSize}, seed ${String(r.log.seed)})`;
  const engine = `engine ${fmt(r.engineSeconds, 2)} s, CPU ${fmt(r.engineCpuSeconds, 2)} s (replay-fsx, process start and data oracle after every op)`;
  const l = r.linux;
  if (!l.ok)
    return [
      {
        section: S,
        metric,
        value: engine,
        compared: `Linux: skipped: ${l.skipped}`,
        target: '≤ 0.5× Linux',
        met: null,
      },
    ];
  const x = r.engineSeconds / l.replaySeconds;
  return [
    {
      section: S,
      metric,
      value: `${x.toFixed(2)}× Linux`,
      compared: `${engine}; Linux btrfs on a loop device ${fmt(l.replaySeconds, 2)} s for the ops (+ ${fmt(l.setupSeconds, 2)} s mkfs and mount)${l.errors === 0 ? '' : `, ${String(l.errors)} ops failed as the log expects`}`,
      target: '≤ 0.5× Linux',
      met: x <= 0.5,
    },
  ];
}

const MEMORY_TARGET_BYTES = 200 * 1e6;

function memoryRows(res: BenchResults): Row[] {
  const m = res.memory;
  const S = 'memory';
  if ('error' in m) return [failedRow(S, 'traced run in the worker', m)];
  const mb = (b: number): string => `${fmt(b / 1e6, 0)} MB`;
  return [
    {
      section: S,
      metric: `peak memory, a ${fmt(m.events, 0)}-event traced run as the worker runs it`,
      value: `${mb(m.maxRssBytes)} resident`,
      compared: `heap ${mb(m.peakHeapBytes)}, array buffers ${mb(m.peakArrayBufferBytes)}; Node and the modules alone ${mb(m.baselineRssBytes)}`,
      target: '≤ 200 MB',
      met: m.maxRssBytes <= MEMORY_TARGET_BYTES,
    },
  ];
}

export function tableRows(res: BenchResults): Row[] {
  return [
    ...engineRows(res),
    ...referenceRows(res),
    ...eventRows(res),
    ...exerciserRows(res),
    ...bigFileRows(res),
    ...cliRows(res),
    ...replayRows(res),
    ...memoryRows(res),
    ...browserRows(res),
  ];
}
