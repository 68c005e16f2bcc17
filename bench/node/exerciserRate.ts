// Exerciser throughput per design: seeded random operations with the data oracle after every one, fsck
// every 16 and after each sync (engine/check/exerciser.ts). A design that loses data stops at the first
// disagreement; its rate counts the operations up to it (the shrinking that follows is not timed).

import { performance } from 'node:perf_hooks';
import { exercise } from '../../engine/check/exerciser.ts';
import { VARIANT_IDS, type VariantId } from '../../engine/scenario/types.ts';

export interface ExerciserRate {
  readonly variant: VariantId;
  readonly ops: number;
  readonly seconds: number;
  /** The operation after which the oracles or fsck disagreed, if any. */
  readonly disagreementAt: number | null;
}

export function exerciserRates(ops: number): ExerciserRate[] {
  return VARIANT_IDS.map((variant) => {
    const t0 = performance.now();
    let last = t0;
    const report = exercise({
      variant,
      ops,
      seed: 1,
      onOp: () => {
        last = performance.now();
      },
    });
    const end = report.disagreement === null ? performance.now() : last;
    return {
      variant,
      ops: report.disagreement === null ? report.opsRun : report.opsRun - 1,
      seconds: (end - t0) / 1000,
      disagreementAt: report.disagreement?.op ?? null,
    };
  });
}
