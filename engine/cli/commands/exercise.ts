// `iomap-explorer exercise`: the seeded random-operation exerciser (engine/check/exerciser.ts) with progress
// on stderr, a summary, and on the first disagreement a minimal replay as a scenario and as an fsx op log.
// The one clock is here, in the shell: the engine never sees it. --fsx-log streams through cli/fsxLogFile.ts.

import { parseArgs } from 'node:util';
import {
  DEFAULT_CHECKS,
  DEFAULT_SHAPE,
  exercise,
  exerciseDeviceSize,
  exerciseScenario,
  type CheckCadence,
  type Disagreement,
  type ExerciseReport,
  type ExerciseShape,
} from '../../check/exerciser.ts';
import {
  MAX_IMAGE_BYTES,
  MIN_IMAGE_BYTES,
  parseSize,
} from '../../disk/format/image.ts';
import { formatSize } from '../../core/units.ts';
import { MAX_SEED } from '../../core/rng.ts';
import { opsToFsxLog } from '../../scenario/fsxWrite.ts';
import {
  DESIGN_IDS,
  type DesignId,
  type Op,
  type ScenarioSpec,
} from '../../scenario/types.ts';
import { describeOp } from '../../sim/describeOp.ts';
import { DESIGN_OPTIONS, designOption } from '../designOption.ts';
import { FsxLogFile } from '../fsxLogFile.ts';
import { printJson, UsageError, type Io } from '../output.ts';
import { wallClockMs } from '../wallClock.ts';

const DEFAULT_VARIANT: DesignId = 'srcmap';
const DEFAULT_OPS = 10_000;
const DEFAULT_SEED = 1;
const MIN_MAX_SIZE = 64 * 1024;
const MAX_MAX_SIZE = 64 * 1024 * 1024;
/** The PRNG (core/rng.ts) keeps 32 bits of the seed: larger seeds would repeat smaller ones. */
const PROGRESS_EVERY = 10_000;

export const EXERCISE_HELP = `Usage:
  iomap-explorer exercise [--design D] [--ops N] [--seed S] [--max-size 256K]
                          [--page-size 4K|64K] [--sector-size 4K] [--device-size SIZE]
                          [--sweep-every 64] [--fsck-every 16] [--fsx-log FILE] [--json]

Runs N seeded random operations (default ${String(DEFAULT_OPS)}, seed ${String(DEFAULT_SEED)}) on one file that starts empty, under one
design (default: ${DEFAULT_VARIANT}): writes of every alignment, reads, truncate, fallocate, punch hole, zero range,
clone/dedupe/copy range, writeback, fsync, sync, commits, cache drops, power cuts and remounts, each
reaching at most --max-size bytes (${formatSize(MIN_MAX_SIZE)} to ${formatSize(MAX_MAX_SIZE)}, default ${formatSize(DEFAULT_SHAPE.maxFileSize)}). The data oracle checks the file
against a plain byte model after every op (where the op could have changed it: its ranges, size changes,
pages and extents that changed, disk writes under the file), the whole file every --sweep-every ops
(default ${String(DEFAULT_CHECKS.sweepEvery)}; 1 reads it all after every op) and at the end; the durability oracle checks fsync'ed data
after every power cut; fsck checks the invariants after every sync, remount and power cut, every
--fsck-every ops (default ${String(DEFAULT_CHECKS.fsckEvery)}) and at the end.
--page-size is 4K or 64K (subpage: several blocks per page), --sector-size a power of two from 512 to
the page size (defaults ${formatSize(DEFAULT_SHAPE.pageSize)} and ${formatSize(DEFAULT_SHAPE.sectorSize)}); --max-size must be a multiple of the page size.
The device is --device-size bytes (default 64 x --max-size, at least 64M; 8M files: 512M): mkfs's chunks
to start, and every other chunk allocated on demand, so an ENOSPC means the device is really full.
The same seed, sizes and geometry give the same ops. Progress goes to stderr every ${String(PROGRESS_EVERY)} ops.
On the first disagreement it prints the seed, the op, the problems and a minimal replay twice: as a
scenario for 'iomap-explorer run FILE.json --design D' and as an fsx op log for 'replay-fsx'.
--fsx-log FILE writes every op of the run to FILE (replaced) in the fsx --record-ops format as it runs.
Designs: ${DESIGN_IDS.join(', ')} (--variant is another name for --design). Under xfs the run draws no
commit, power cut or remount (the XFS model has no log to recover) and fsck does not run (it reads btrfs
trees); the data oracle checks the whole file after every op.
--json prints { schemaVersion, design, seed, ops, opsPerSecond, checks: { sweepEvery, fsckEvery }, kinds, errors,
disagreement }: errors counts the
ops that returned each errno (ENOSPC only when the device is really full); disagreement is null, or
{ op (0-based), problems, replay: { scenario, fsxLog } }.
Exit code 0 when every check passed; 1 on a disagreement or an engine error.`;

export function exerciseCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...DESIGN_OPTIONS,
      ops: { type: 'string' },
      seed: { type: 'string' },
      'max-size': { type: 'string' },
      'page-size': { type: 'string' },
      'sector-size': { type: 'string' },
      'device-size': { type: 'string' },
      'fsx-log': { type: 'string' },
      'sweep-every': { type: 'string' },
      'fsck-every': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(EXERCISE_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `exercise takes no arguments, only options; got: ${positionals.join(' ')}`,
    );
  const variant = designOption(values) ?? DEFAULT_VARIANT;
  const ops = wholeNumber('--ops', values.ops, DEFAULT_OPS);
  const seed = wholeNumber('--seed', values.seed, DEFAULT_SEED, MAX_SEED);
  const shape = shapeArgs(
    values['max-size'],
    values['page-size'],
    values['sector-size'],
    values['device-size'],
  );
  const { maxFileSize } = shape;
  const logPath = values['fsx-log'];
  const checks: CheckCadence = {
    sweepEvery: positive(
      '--sweep-every',
      values['sweep-every'],
      DEFAULT_CHECKS.sweepEvery,
    ),
    fsckEvery: positive(
      '--fsck-every',
      values['fsck-every'],
      DEFAULT_CHECKS.fsckEvery,
    ),
  };

  const log = logPath === undefined ? null : FsxLogFile.open(logPath, ops);
  if (typeof log === 'string') {
    io.err(
      `iomap-explorer: cannot write fsx op log ${String(logPath)}: ${log}`,
    );
    return 1;
  }
  const started = wallClockMs();
  let opsStarted = 0;
  let lastOpAt = started;
  let report: ExerciseReport;
  try {
    report = exercise({
      variant,
      ops,
      seed,
      ...shape,
      checks,
      progressEvery: PROGRESS_EVERY,
      onProgress: (done) => {
        io.err(progressLine(done, ops, wallClockMs() - started));
      },
      onOp: (op) => {
        opsStarted++;
        lastOpAt = wallClockMs();
        log?.add(op);
      },
    });
  } catch (error) {
    // A throw is an engine bug (or a shrink run hitting one): say where, with the stack, and stop.
    const logged = log?.close() ?? null;
    io.err(
      `iomap-explorer: the engine threw at op ${String(opsStarted)} (design ${variant}, seed ${String(seed)}, max size ${formatSize(maxFileSize)}${geometryNote(shape)}):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (logPath !== undefined && logged === null)
      io.err(`The ops up to it are in ${logPath} (replay-fsx replays them).`);
    return 1;
  }
  const logFailure = log?.close() ?? null;

  const d = report.disagreement;
  const seconds = ((d === null ? wallClockMs() : lastOpAt) - started) / 1000;
  const opsPerSecond = seconds > 0 ? Math.round(report.opsRun / seconds) : 0;
  const replay = d === null ? null : replayOf(report, d, shape);
  if (values.json === true)
    printJson(io, {
      design: variant,
      seed,
      ops: report.opsRun,
      opsPerSecond,
      checks: report.checks,
      kinds: report.kinds,
      errors: report.errors,
      disagreement:
        d === null ? null : { op: d.op, problems: d.problems, replay },
    });
  else
    io.out(
      textReport(report, {
        planned: ops,
        shape,
        seconds,
        opsPerSecond,
        replay,
      }),
    );
  if (logFailure !== null) {
    io.err(
      `iomap-explorer: cannot write fsx op log ${String(logPath)}: ${logFailure}`,
    );
    return 1;
  }
  return d === null ? 0 : 1;
}

/** A whole number of at least 1. */
function positive(
  flag: string,
  value: string | undefined,
  fallback: number,
): number {
  const n = wholeNumber(flag, value, fallback);
  if (n < 1) throw new UsageError(`${flag} must be at least 1`);
  return n;
}

function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > max)
    throw new UsageError(
      `${flag} '${value}' is not a whole number from 0 to ${String(max)}`,
    );
  return n;
}

/** --max-size, --page-size, --sector-size and --device-size, checked against each other. */
function shapeArgs(
  max: string | undefined,
  page: string | undefined,
  sector: string | undefined,
  device: string | undefined,
): ExerciseShape {
  const pageSize = sizeArg('--page-size', page, DEFAULT_SHAPE.pageSize);
  if (pageSize !== 4096 && pageSize !== 65536)
    throw new UsageError(
      `--page-size ${formatSize(pageSize)} is not supported: 4 KiB or 64 KiB`,
    );
  const sectorSize = sizeArg('--sector-size', sector, DEFAULT_SHAPE.sectorSize);
  if (sectorSize < 512 || sectorSize > pageSize || !powerOfTwo(sectorSize))
    throw new UsageError(
      `--sector-size ${formatSize(sectorSize)} must be a power of two from 512 bytes to the page size (${formatSize(pageSize)})`,
    );
  const maxFileSize = sizeArg('--max-size', max, DEFAULT_SHAPE.maxFileSize);
  if (maxFileSize < MIN_MAX_SIZE || maxFileSize > MAX_MAX_SIZE)
    throw new UsageError(
      `--max-size ${formatSize(maxFileSize)} is out of range: ${formatSize(MIN_MAX_SIZE)} to ${formatSize(MAX_MAX_SIZE)}`,
    );
  if (maxFileSize % pageSize !== 0)
    throw new UsageError(
      `--max-size ${formatSize(maxFileSize)} is not a multiple of the page size (${formatSize(pageSize)})`,
    );
  const deviceSize = sizeArg(
    '--device-size',
    device,
    exerciseDeviceSize(maxFileSize),
  );
  if (deviceSize < MIN_IMAGE_BYTES || deviceSize > MAX_IMAGE_BYTES)
    throw new UsageError(
      `--device-size ${formatSize(deviceSize)} is out of range: ${formatSize(MIN_IMAGE_BYTES)} to ${formatSize(MAX_IMAGE_BYTES)}`,
    );
  return { maxFileSize, pageSize, sectorSize, deviceSize };
}

function sizeArg(
  flag: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const size = parseSize(value);
  if (size === null)
    throw new UsageError(`${flag} '${value}' is not a size (try 4K or 4M)`);
  return size;
}

function powerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

function cadenceNote(c: CheckCadence, design: DesignId): string {
  const every = (n: number): string =>
    n === 1 ? 'every op' : `every ${String(n)} ops`;
  if (design === 'xfs')
    return 'data oracle over the whole file after every op and at the end; no fsck (it reads btrfs trees) and no power cuts or remounts on XFS';
  return `data oracle where each op could change the file, the whole file ${every(c.sweepEvery)} and at the end; fsck ${every(c.fsckEvery)}, after every sync, remount and power cut, and at the end`;
}

function progressLine(done: number, planned: number, ms: number): string {
  const percent = planned > 0 ? Math.floor((done * 100) / planned) : 100;
  return `exercise: ${String(done)} of ${String(planned)} ops (${String(percent)}%), ${String(Math.round((done * 1000) / Math.max(1, ms)))} ops/s, ${(ms / 1000).toFixed(1)} s elapsed`;
}

interface Replay {
  /** A scenario document `run` accepts: the exerciser's filesystem and the shrunk ops. */
  readonly scenario: ScenarioSpec;
  /** The same ops as an fsx op log `replay-fsx` accepts. */
  readonly fsxLog: string;
}

function replayOf(
  report: ExerciseReport,
  d: Disagreement,
  shape: ExerciseShape,
): Replay {
  const { maxFileSize } = shape;
  const s = exerciseScenario(shape, d.replay);
  const g = s.geometry;
  const scenario: ScenarioSpec = {
    id: `exercise-${report.variant}-seed-${String(report.seed)}`,
    title: `Exerciser replay: design ${report.variant}, seed ${String(report.seed)}`,
    description: `The fewest ops found that still fail (the last one fails) after op ${String(d.op + 1)} of the exerciser's run with seed ${String(report.seed)} and max size ${formatSize(maxFileSize)}${geometryNote(shape)} disagreed under design ${report.variant}.`,
    geometry: {
      pageSize: g.pageSize,
      sectorSize: g.sectorSize,
      nodeSize: g.nodeSize,
      deviceSize: g.deviceSize,
    },
    ...(report.variant === 'xfs' ? { filesystem: 'xfs' as const } : {}),
    files: s.files.map((f) => ({ name: f.name, size: f.size })),
    ops: s.ops,
  };
  return { scenario, fsxLog: opsToFsxLog(s.ops) };
}

function textReport(
  r: ExerciseReport,
  x: {
    planned: number;
    shape: ExerciseShape;
    seconds: number;
    opsPerSecond: number;
    replay: Replay | null;
  },
): string {
  const kinds = Object.entries(r.kinds)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${String(n)}`)
    .join(', ');
  const lines = [
    `exercise: design ${r.variant}, seed ${String(r.seed)}, ${plural(x.planned, 'op')} on one file of at most ${formatSize(x.shape.maxFileSize)}${geometryNote(x.shape)}`,
    `  ops run: ${String(r.opsRun)} in ${x.seconds.toFixed(1)} s (${String(x.opsPerSecond)} ops/s)`,
    `  checks: ${cadenceNote(r.checks, r.variant)}`,
    `  ops by kind: ${kinds === '' ? 'none' : kinds}`,
    `  ops that returned an errno: ${
      Object.entries(r.errors)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([errno, n]) => `${errno} ${String(n)}`)
        .join(', ') || 'none'
    }`,
  ];
  const d = r.disagreement;
  if (d === null || x.replay === null) {
    lines.push('0 disagreements: every check above agreed.');
    return lines.join('\n');
  }
  const { scenario, fsxLog } = x.replay;
  lines.push(
    `DISAGREEMENT after op ${String(d.op + 1)} (seed ${String(r.seed)}, design ${r.variant}):`,
    ...d.problems.map((p) => `  ${p}`),
    `Minimal replay: ${plural(d.replay.length, 'op')}, the last one fails:`,
    ...d.replay.map((op: Op, i) => `  ${String(i + 1)}. ${describeOp(op)}`),
  );
  if (d.problems.some((p) => p.startsWith('fsck ')))
    lines.push(
      'Note: run and replay-fsx check the data and durability oracles, not fsck: an fsck problem shows only here.',
    );
  lines.push(
    '',
    `As a scenario (save as replay.json, then: iomap-explorer run replay.json --design ${r.variant}):`,
    JSON.stringify(scenario, null, 2),
    '',
    `As an fsx op log (save as replay.fsxops, then: iomap-explorer replay-fsx replay.fsxops --design ${r.variant}):`,
  );
  if (geometryNote(x.shape) !== '')
    lines.push(
      `(replay-fsx runs on 4 KiB pages and sectors: only the scenario above keeps this run's geometry)`,
    );
  lines.push(fsxLog.trimEnd());
  return lines.join('\n');
}

/** ", 64 KiB pages, 4 KiB sectors" when the geometry is not the default 4K/4K. */
function geometryNote(shape: ExerciseShape): string {
  return shape.pageSize === DEFAULT_SHAPE.pageSize &&
    shape.sectorSize === DEFAULT_SHAPE.sectorSize
    ? ''
    : `, ${formatSize(shape.pageSize)} pages, ${formatSize(shape.sectorSize)} sectors`;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}
