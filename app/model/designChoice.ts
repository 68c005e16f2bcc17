// Which designs a scenario runs under, and the scenario a compare design runs: btrfs designs run btrfs
// scenarios, `xfs` runs XFS scenarios (the CLI refuses the mix the same way), and compare across the two
// runs each filesystem's version of the same story (X2 beside S2). Rule: pure data over the built-ins.

import {
  BUILTIN_SCENARIOS,
  DESIGN_IDS,
  designFilesystem,
  XFS_SCENARIOS,
  type DesignId,
  type FilesystemId,
} from '@engine';
import type { ScenarioSource } from '@engine/protocol';

/** Each XFS built-in and the btrfs built-in whose story it tells on XFS (docs/xfs.md). */
export const XFS_TWINS: Readonly<Record<string, string>> = {
  X2: 'S2',
  X4: 'S4',
  X5: 'S5',
};

/** The designs that run a scenario on `fs`, in the pickers' order. */
export function designsFor(fs: FilesystemId): readonly DesignId[] {
  return DESIGN_IDS.filter((d) => designFilesystem(d) === fs);
}

/** The design a scenario on `fs` opens under when the current one does not run it. */
export function defaultDesign(fs: FilesystemId): DesignId {
  return fs === 'xfs' ? 'xfs' : 'srcmap';
}

/** The filesystem of a built-in scenario, or undefined for an unknown id. */
export function builtinFilesystem(id: string): FilesystemId | undefined {
  const wanted = id.toLowerCase();
  if (XFS_SCENARIOS.some((s) => s.id.toLowerCase() === wanted)) return 'xfs';
  if (BUILTIN_SCENARIOS.some((s) => s.id.toLowerCase() === wanted))
    return 'btrfs';
  return undefined;
}

/** The built-in that tells built-in `id`'s story on the other filesystem, or undefined when none does. */
export function twinOf(id: string): string | undefined {
  const wanted = id.toLowerCase();
  for (const [x, b] of Object.entries(XFS_TWINS)) {
    if (x.toLowerCase() === wanted) return b;
    if (b.toLowerCase() === wanted) return x;
  }
  return undefined;
}

/**
 * What the compare design runs: the same scenario when it runs on the scenario's filesystem, else the
 * built-in twin on the design's filesystem; null when there is none (the picker does not offer it).
 */
export function compareSource(
  source: ScenarioSource,
  fs: FilesystemId,
  design: DesignId,
): ScenarioSource | null {
  if (designFilesystem(design) === fs) return source;
  if (source.kind !== 'builtin') return null;
  const twin = twinOf(source.id);
  return twin === undefined ? null : { kind: 'builtin', id: twin };
}

/** A compare design the picker offers for a scenario: the design, and the twin it runs when not the same. */
export interface CompareChoice {
  readonly design: DesignId;
  /** The built-in the design runs instead of the scenario (its twin), or null for the same scenario. */
  readonly runs: string | null;
}

/** The compare designs for a scenario on `fs`: its own filesystem's, then the twin's when it has one. */
export function compareChoices(
  source: ScenarioSource,
  fs: FilesystemId,
): readonly CompareChoice[] {
  return DESIGN_IDS.flatMap((design) => {
    const runs = compareSource(source, fs, design);
    if (runs === null) return [];
    return [
      {
        design,
        runs: runs === source || runs.kind !== 'builtin' ? null : runs.id,
      },
    ];
  });
}

/** The built-in design `design` runs for built-in `id`: itself, or its twin on the design's filesystem. */
export function builtinFor(id: string, design: DesignId): string {
  const fs = builtinFilesystem(id) ?? 'btrfs';
  const runs = compareSource({ kind: 'builtin', id }, fs, design);
  if (runs === null || runs.kind !== 'builtin')
    throw new Error(`${id} has no version the ${design} design runs`);
  return runs.id;
}
