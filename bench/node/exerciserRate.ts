// Exerciser throughput per design: seeded random operations with every check (engine/check/exerciser.ts).
// A design that loses data stops at the first disagreement; its rate counts the operations up to it (the
// shrinking that follows is not timed). The long-run shape (8 MiB files on a 512 MiB device, 64 KiB
// pages) is timed twice in a row, at the default check cadence and with the whole file read back after
// every op, so the ratio between them holds on a loaded machine.

import { performance } from 'node:perf_hooks';
import {
  exercise,
  type CheckCadence,
  type ExerciseShape,
} from '../../engine/check/exerciser.ts';
import { VARIANT_IDS, type VariantId } from '../../engine/scenario/types.ts';

export interface ExerciserRate {
  readonly variant: VariantId;
  readonly ops: number;
  readonly seconds: number;
  /** CPU seconds of this process over the same span (the machine may be shared). */
  readonly cpuSeconds: number;
  /** The operation after which the oracles or fsck disagreed, if any. */
  readonly disagreementAt: number | null;
}

/** The long-run shape's rates: the default cadence, and the whole file after every op. */
export interface BigFileRate {
  readonly incremental: ExerciserRate;
  readonly everyOp: ExerciserRate;
}

/** `npm run exercise:long`'s shape: 8 MiB files on a 512 MiB device, 64 KiB pages over 4 KiB sectors. */
export const BIG_SHAPE: ExerciseShape = {
  maxFileSize: 8 * 1024 * 1024,
  pageSize: 64 * 1024,
  sectorSize: 4096,
  deviceSize: 512 * 1024 * 1024,
};

function cpu(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

function timed(
  variant: VariantId,
  ops: number,
  shape: Partial<ExerciseShape>,
  checks?: Partial<CheckCadence>,
): ExerciserRate {
  const t0 = performance.now();
  const c0 = cpu();
  let last = t0;
  let lastCpu = c0;
  const report = exercise({
    variant,
    ops,
    seed: 1,
    ...shape,
    ...(checks === undefined ? {} : { checks }),
    onOp: () => {
      last = performance.now();
      lastCpu = cpu();
    },
  });
  const clean = report.disagreement === null;
  return {
    variant,
    ops: clean ? report.opsRun : report.opsRun - 1,
    seconds: ((clean ? performance.now() : last) - t0) / 1000,
    cpuSeconds: (clean ? cpu() : lastCpu) - c0,
    disagreementAt: report.disagreement?.op ?? null,
  };
}

export function exerciserRates(ops: number): ExerciserRate[] {
  return VARIANT_IDS.map((variant) => timed(variant, ops, {}));
}

export function bigFileRates(ops: number): BigFileRate[] {
  return VARIANT_IDS.filter((v) => v !== 'v1-posted').map((variant) => ({
    incremental: timed(variant, ops, BIG_SHAPE),
    everyOp: timed(variant, ops, BIG_SHAPE, { sweepEvery: 1 }),
  }));
}
