// The design a command runs: `--design V`, or `--variant V`, its older name (kept so scripts keep working).
// Giving both with different values is a usage error rather than a silent choice.

import {
  DESIGN_IDS,
  designFilesystem,
  type DesignId,
  type Scenario,
  type VariantId,
} from '../scenario/types.ts';
import { UsageError } from './output.ts';

/** The parseArgs options for one design, spread into a command's own options. */
export const DESIGN_OPTIONS = {
  design: { type: 'string' },
  variant: { type: 'string' },
} as const;

/** The parseArgs options for a list of designs: `--designs a,b` or `--variants a,b`. */
export const DESIGNS_OPTIONS = {
  designs: { type: 'string' },
  variants: { type: 'string' },
} as const;

/** The one value given under a flag or its alias, or undefined; both, different, is a usage error. */
function oneOf(
  flag: string,
  alias: string,
  value: string | undefined,
  aliased: string | undefined,
): string | undefined {
  if (value !== undefined && aliased !== undefined && value !== aliased)
    throw new UsageError(
      `${flag} '${value}' and ${alias} '${aliased}' disagree; ${alias} is another name for ${flag}: give one`,
    );
  return value ?? aliased;
}

/** A design name checked against DESIGN_IDS; a usage error names the valid ones. */
export function parseDesign(value: string, flag = '--design'): DesignId {
  const found = DESIGN_IDS.find((v) => v === value);
  if (found === undefined)
    throw new UsageError(
      `${flag} '${value}' is not a design; expected one of: ${DESIGN_IDS.join(', ')}`,
    );
  return found;
}

/** A btrfs design for the commands that run btrfs only (crash: power cuts); xfs is refused. */
export function btrfsDesign(
  design: DesignId | undefined,
  command: string,
): VariantId | undefined {
  if (design !== 'xfs') return design;
  throw new UsageError(
    `${command} does not run the xfs design: the XFS model keeps no log, so a power cut has nothing honest to recover (run, compare, exercise and replay-fsx run xfs); pick a btrfs design`,
  );
}

/** Refuses a design whose filesystem is not the scenario's (an XFS scenario runs under xfs only). */
export function checkDesignFits(design: DesignId, scenario: Scenario): void {
  const wants = scenario.filesystem ?? 'btrfs';
  if (designFilesystem(design) !== wants)
    throw new UsageError(
      wants === 'xfs'
        ? `${scenario.id} is an XFS scenario ("filesystem": "xfs"): it runs under --design xfs only, not ${design}`
        : `${scenario.id} is a btrfs scenario: --design ${design} runs XFS scenarios only (one with "filesystem": "xfs", e.g. X2)`,
    );
}

/** The design asked for with --design (or --variant), or undefined when neither was given. */
export function designOption(values: {
  readonly design?: string | undefined;
  readonly variant?: string | undefined;
}): DesignId | undefined {
  const name = oneOf('--design', '--variant', values.design, values.variant);
  if (name === undefined) return undefined;
  return parseDesign(
    name,
    values.design === undefined ? '--variant' : '--design',
  );
}

/** The designs asked for with --designs (or --variants), without repeats, or undefined when not given. */
export function designsOption(values: {
  readonly designs?: string | undefined;
  readonly variants?: string | undefined;
}): readonly DesignId[] | undefined {
  const text = oneOf(
    '--designs',
    '--variants',
    values.designs,
    values.variants,
  );
  if (text === undefined) return undefined;
  const flag = values.designs === undefined ? '--variants' : '--designs';
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0)
    throw new UsageError(`${flag} needs at least one design`);
  const out: DesignId[] = [];
  for (const name of names) {
    const v = parseDesign(name, flag);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
