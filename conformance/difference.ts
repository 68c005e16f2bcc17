// One disagreement between the engine and a kernel fixture, and how the allowlist is applied to a list of
// them.

import type { AllowedDifference } from './allowlist.ts';

export interface Difference {
  readonly scenario: string;
  /** The op index of the checkpoint (-1: the baseline after setup), or null for a whole-run field. */
  readonly checkpoint: number | null;
  readonly field: string;
  readonly kernel: string;
  readonly engine: string;
}

/** Collects the fields of one fixture where the kernel and the engine disagree. */
export class DifferenceList {
  readonly all: Difference[] = [];

  constructor(private readonly scenario: string) {}

  /** Records a difference when the two renderings of `field` at `checkpoint` are not the same. */
  compare(
    checkpoint: number | null,
    field: string,
    kernel: string,
    engine: string,
  ): void {
    if (kernel !== engine)
      this.all.push({
        scenario: this.scenario,
        checkpoint,
        field,
        kernel,
        engine,
      });
  }
}

export function allows(entry: AllowedDifference, d: Difference): boolean {
  return (
    entry.scenario === d.scenario &&
    entry.field === d.field &&
    (entry.checkpoint === undefined || entry.checkpoint === d.checkpoint)
  );
}

/** The differences no allowlist entry names. */
export function unexplained(
  differences: readonly Difference[],
  allowlist: readonly AllowedDifference[],
): Difference[] {
  return differences.filter((d) => !allowlist.some((a) => allows(a, d)));
}

export function describeDifference(d: Difference): string {
  const at = d.checkpoint === null ? '' : ` at op ${String(d.checkpoint)}`;
  return `${d.scenario}${at}: ${d.field}: kernel ${d.kernel}, engine ${d.engine}`;
}
