// The random-operation exerciser: seeded operations of every kind (writes of every alignment, reads,
// truncate, fallocate, punch, zero range, clone/dedupe/copy range, writeback, fsync, sync, commits, cache
// drops, power cuts and remounts) against one file, with the data oracle after every operation (where the
// operation could have changed the file, and over the whole file every few operations and at the end), the
// durability oracle after every power cut and the fsck invariant checker after every sync, every few
// operations and at the end. The generator
// depends only on the seed and the shape (file size, page and sector size), so any prefix of a run can be
// regenerated and shrunk to a minimal replay.

import { createRng, type Rng } from '../core/rng.ts';
import type { Errno } from '../core/errno.ts';
import type { DesignId, Op, Scenario } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import {
  exerciseRunner,
  XFS_SKIPPED_KINDS,
  type ExerciseRunner,
} from './exerciseRunner.ts';

/** What a run's file and filesystem look like. */
export interface ExerciseShape {
  /** The largest offset + length an operation reaches. */
  readonly maxFileSize: number;
  /** 4 KiB, or 64 KiB for subpage (several blocks per page). */
  readonly pageSize: number;
  /** The filesystem block size: a power of two from 512 bytes to the page size. */
  readonly sectorSize: number;
  /** The device (default exerciseDeviceSize(maxFileSize)): mkfs's chunks, the rest allocated on demand. */
  readonly deviceSize?: number;
}

export const DEFAULT_SHAPE: ExerciseShape = {
  maxFileSize: 256 * 1024,
  pageSize: 4096,
  sectorSize: 4096,
};

export interface ExerciseOptions extends Partial<ExerciseShape> {
  /** A btrfs design, or xfs (no commit, power cut or remount drawn; no fsck). */
  readonly variant: DesignId;
  readonly ops: number;
  readonly seed: number;
  /** Called every `progressEvery` operations (default 10,000). */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
  /** Called with every operation before it runs (to record the run, e.g. as an fsx op log). */
  readonly onOp?: (op: Op) => void;
  /** How often the checks read everything (default DEFAULT_CHECKS). */
  readonly checks?: Partial<CheckCadence>;
  /** SimulationConfig.checkCommits: a commit that differs from one regenerating every item throws. */
  readonly checkCommits?: boolean;
}

/**
 * How often the whole-filesystem checks run. Between them the data oracle compares only what each operation
 * could have changed (oracle/touched.ts); both also run after the last operation, and fsck after every sync,
 * remount and power cut.
 */
export interface CheckCadence {
  /** The data oracle reads the whole file after every this-many operations (1: after every one). */
  readonly sweepEvery: number;
  /** fsck runs after every this-many operations (1: after every one). */
  readonly fsckEvery: number;
}

export const DEFAULT_CHECKS: CheckCadence = { sweepEvery: 64, fsckEvery: 16 };

export interface Disagreement {
  /** 0-based index of the first operation after which a check failed. */
  readonly op: number;
  readonly problems: readonly string[];
  /** The fewest operations found that still fail (ends with the failing one). */
  readonly replay: readonly Op[];
}

export interface ExerciseReport {
  readonly variant: DesignId;
  readonly seed: number;
  readonly opsRun: number;
  /** Operations by kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Ops that returned an errno, by errno (ENOSPC, EINVAL, ...): results, not disagreements. */
  readonly errors: Readonly<Partial<Record<Errno, number>>>;
  readonly disagreement: Disagreement | null;
  /** The cadence the run used. */
  readonly checks: CheckCadence;
}

const FILE = 'F';

/** The options' shape, defaults filled in. */
export function shapeOf(options: Partial<ExerciseShape>): ExerciseShape {
  return {
    maxFileSize: options.maxFileSize ?? DEFAULT_SHAPE.maxFileSize,
    pageSize: options.pageSize ?? DEFAULT_SHAPE.pageSize,
    sectorSize: options.sectorSize ?? DEFAULT_SHAPE.sectorSize,
    ...(options.deviceSize === undefined
      ? {}
      : { deviceSize: options.deviceSize }),
  };
}

/** The default device for files of at most `maxFileSize`: 64 times that (8 MiB files: 512 MiB), at least 64 MiB. */
export function exerciseDeviceSize(maxFileSize: number): number {
  return Math.max(64, Math.ceil((maxFileSize * 64) / (1 << 20))) << 20;
}

/** The exerciser's filesystem: one empty file on the shape's device (mkfs's chunks to start). */
export function exerciseScenario(
  shape: ExerciseShape,
  ops: readonly Op[] = [],
): Scenario {
  const { maxFileSize, pageSize, sectorSize } = shape;
  const deviceSize = shape.deviceSize ?? exerciseDeviceSize(maxFileSize);
  const v = validateScenario({
    id: 'exercise',
    title: 'Random operations',
    description:
      'Seeded random operations of every kind on one file, checked after each.',
    geometry: { pageSize, sectorSize, deviceSize },
    files: [{ name: FILE, size: 0 }],
    ops: [],
  });
  if (!v.ok)
    throw new Error(`exercise scenario: ${v.errors[0]?.message ?? ''}`);
  return { ...v.scenario, ops };
}

/** The seeded operation stream; an XFS stream leaves out the kinds XFS does not run. */
export function opGenerator(
  seed: number,
  shape: ExerciseShape,
  design: DesignId = 'srcmap',
): () => Op {
  const rng = createRng(seed);
  const g = grid(shape);
  const kinds =
    design === 'xfs'
      ? OP_KINDS.filter(([, k]) => !XFS_SKIPPED_KINDS.includes(k))
      : OP_KINDS;
  return () => randomOp(rng, shape.maxFileSize, g, kinds);
}

/**
 * The edges operations aim at: `block` (the sector size) and, when a page holds several blocks, `page`.
 * Page-size picks are offered only then, so a 4K/4K run draws the same stream as before they existed.
 */
interface Grid {
  readonly block: number;
  readonly page: number | null;
}

function grid(shape: ExerciseShape): Grid {
  return {
    block: shape.sectorSize,
    page: shape.pageSize > shape.sectorSize ? shape.pageSize : null,
  };
}

function pick<T>(rng: Rng, weighted: readonly (readonly [number, T])[]): T {
  const total = weighted.reduce((n, [w]) => n + w, 0);
  let x = rng.next() * total;
  for (const [w, v] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return (weighted[weighted.length - 1] as readonly [number, T])[1];
}

/** An offset: half the time block aligned, sometimes near a block edge; with subpages, page edges too. */
function offset(rng: Rng, max: number, g: Grid): number {
  const at = rng.int(max);
  const { block, page } = g;
  return pick(rng, [
    [4, at - (at % block)],
    [3, at],
    [1, Math.max(0, at - (at % block) - 1)],
    ...(page === null
      ? []
      : ([
          [2, at - (at % page)],
          [1, Math.max(0, at - (at % page) - 1)],
        ] as const)),
  ]);
}

function length(rng: Rng, max: number, g: Grid): number {
  const { block, page } = g;
  return pick(rng, [
    [4, 1 + rng.int(block * 2)],
    [3, block * (1 + rng.int(8))],
    [1, 1 + rng.int(max / 4)],
    ...(page === null
      ? []
      : ([
          [2, Math.min(max, page * (1 + rng.int(2)))],
          [1, 1 + rng.int(Math.min(max, page * 2))],
        ] as const)),
  ]);
}

const OP_KINDS = [
  [40, 'write'],
  [10, 'read'],
  [4, 'truncate'],
  [4, 'fallocate'],
  [3, 'punch-hole'],
  [3, 'zero-range'],
  [3, 'clone-range'],
  [1, 'dedupe-range'],
  [3, 'copy-range'],
  [6, 'writeback'],
  [2, 'complete-io'],
  [3, 'fsync'],
  [1, 'sync'],
  [2, 'commit'],
  [3, 'drop-caches'],
  [1, 'power-cut'],
  [1, 'remount'],
] as const;

type OpKind = (typeof OP_KINDS)[number][1];

function randomOp(
  rng: Rng,
  max: number,
  g: Grid,
  kinds: readonly (readonly [number, OpKind])[],
): Op {
  const kind = pick(rng, kinds);
  switch (kind) {
    case 'write': {
      const len = length(rng, max, g);
      return {
        op: 'write',
        file: FILE,
        offset: offset(rng, max - len, g),
        length: len,
        pattern: 'op-index',
      };
    }
    case 'read':
      return {
        op: 'read',
        file: FILE,
        offset: offset(rng, max, g),
        length: length(rng, max, g),
      };
    case 'truncate':
      return { op: 'truncate', file: FILE, size: offset(rng, max, g) };
    case 'fallocate':
    case 'punch-hole':
    case 'zero-range': {
      const len = length(rng, max, g);
      return {
        op: 'fallocate',
        file: FILE,
        mode: kind === 'fallocate' ? 'allocate' : kind,
        offset: offset(rng, max - len, g),
        length: len,
        keepSize: kind === 'punch-hole' || rng.next() < 0.5,
      };
    }
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range': {
      const blocks = max / g.block;
      const len =
        kind === 'copy-range'
          ? length(rng, max / 2, g)
          : g.block * (1 + rng.int(4));
      const src =
        kind === 'copy-range'
          ? offset(rng, max / 2, g)
          : g.block * rng.int(blocks / 2);
      const dst =
        kind === 'copy-range'
          ? offset(rng, max - len, g)
          : g.block * rng.int(blocks - len / g.block);
      return { op: kind, file: FILE, srcOffset: src, length: len, offset: dst };
    }
    case 'writeback':
      return { op: 'writeback', file: FILE, wait: rng.next() < 0.5 };
    case 'fsync':
      return { op: 'fsync', file: FILE };
    case 'power-cut':
      return rng.next() < 0.5
        ? { op: 'power-cut' }
        : { op: 'power-cut', seed: rng.int(1 << 30) };
    case 'complete-io':
    case 'sync':
    case 'commit':
    case 'drop-caches':
    case 'remount':
      return { op: kind };
  }
}

/**
 * What went wrong after operation `i` (`op`), if anything: the oracles' findings, then fsck — the full
 * quiescent check after sync, remount and power cut, the running check every `fsckEvery` operations.
 */
function problemsAfter(
  sim: ExerciseRunner,
  i: number,
  op: Op,
  mismatches: readonly string[],
  fsckEvery: number,
): string[] {
  const problems = [...mismatches];
  const quiescent =
    op.op === 'sync' || op.op === 'remount' || op.op === 'power-cut';
  if (!quiescent && (i + 1) % fsckEvery !== 0) return problems;
  return [...problems, ...sim.fsck(quiescent)];
}

/** The closing checks after the last operation: the whole file against the oracle, and fsck. */
function problemsAtEnd(sim: ExerciseRunner): string[] {
  return [...sim.sweep().mismatches, ...sim.fsck(false)];
}

function simulate(
  variant: DesignId,
  shape: ExerciseShape,
  checks: CheckCadence,
  checkCommits = false,
): ExerciseRunner {
  return exerciseRunner(
    variant,
    exerciseScenario(shape),
    checks.sweepEvery,
    checkCommits,
  );
}

/** Runs `ops` from a fresh filesystem; the index of the first operation with a problem, or -1. */
function firstFailure(
  variant: DesignId,
  shape: ExerciseShape,
  ops: readonly Op[],
  checks: CheckCadence,
): number {
  const sim = simulate(variant, shape, checks);
  for (const [i, op] of ops.entries()) {
    const o = sim.apply(op);
    const found = problemsAfter(
      sim,
      i,
      op,
      o.oracle.mismatches,
      checks.fsckEvery,
    );
    if (found.length > 0) return i;
  }
  return ops.length > 0 && problemsAtEnd(sim).length > 0 ? ops.length - 1 : -1;
}

/** Re-runs allowed when shrinking: at most about 2M replayed operations in all, at least 20 runs. */
function shrinkBudget(ops: number): number {
  return Math.max(20, Math.min(400, Math.floor(2_000_000 / Math.max(1, ops))));
}

/**
 * Shrinks a failing run: drop chunks of operations before the failing one while the run still fails
 * (delta debugging), within a budget of re-runs.
 */
export function shrink(
  variant: DesignId,
  shape: ExerciseShape,
  ops: readonly Op[],
  checks: CheckCadence = DEFAULT_CHECKS,
  budget = shrinkBudget(ops.length),
): Op[] {
  let current = [...ops];
  let chunk = Math.max(1, Math.floor(current.length / 2));
  let runs = 0;
  while (chunk >= 1 && runs < budget) {
    let removed = false;
    for (let start = 0; start + chunk < current.length && runs < budget;) {
      const candidate = [
        ...current.slice(0, start),
        ...current.slice(start + chunk),
      ];
      runs++;
      const fails = firstFailure(variant, shape, candidate, checks);
      if (fails >= 0) {
        current = candidate.slice(0, fails + 1);
        removed = true;
      } else start += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return current;
}

export function exercise(options: ExerciseOptions): ExerciseReport {
  const shape = shapeOf(options);
  const checks = checkCadence(options.checks);
  const every = options.progressEvery ?? 10_000;
  const next = opGenerator(options.seed, shape, options.variant);
  const sim = simulate(options.variant, shape, checks, options.checkCommits);
  const kinds: Record<string, number> = {};
  const errors: Partial<Record<Errno, number>> = {};
  const report = (
    opsRun: number,
    disagreement: Disagreement | null,
  ): ExerciseReport => ({
    variant: options.variant,
    seed: options.seed,
    opsRun,
    kinds,
    errors,
    disagreement,
    checks,
  });
  const failed = (i: number, problems: readonly string[]): ExerciseReport => {
    const regenerate = opGenerator(options.seed, shape, options.variant);
    const prefix = Array.from({ length: i + 1 }, regenerate);
    return report(i + 1, {
      op: i,
      problems,
      replay: shrink(options.variant, shape, prefix, checks),
    });
  };
  for (let i = 0; i < options.ops; i++) {
    const op = next();
    options.onOp?.(op);
    const key = op.op === 'fallocate' ? op.mode : op.op;
    kinds[key] = (kinds[key] ?? 0) + 1;
    const o = sim.apply(op);
    if (o.error !== null)
      errors[o.error.errno] = (errors[o.error.errno] ?? 0) + 1;
    const problems = problemsAfter(
      sim,
      i,
      op,
      o.oracle.mismatches,
      checks.fsckEvery,
    );
    if (problems.length > 0) return failed(i, problems);
    if ((i + 1) % every === 0) options.onProgress?.(i + 1);
  }
  const closing = options.ops > 0 ? problemsAtEnd(sim) : [];
  if (closing.length > 0) return failed(options.ops - 1, closing);
  return report(options.ops, null);
}

/** The cadence with defaults filled in; each a positive integer. */
export function checkCadence(checks: Partial<CheckCadence> = {}): CheckCadence {
  const c = { ...DEFAULT_CHECKS, ...checks };
  for (const [name, n] of Object.entries(c))
    if (!Number.isSafeInteger(n) || n < 1)
      throw new RangeError(`${name} must be a positive integer`);
  return c;
}
