// The scenarios held to the real kernel: the built-ins a real btrfs can express, and two more the issue
// asks for (an overwrite of a NODATACOW file with space to spare, and of a cloned extent). Each gets a
// final sync so every space counter settles at a transaction commit before the fixture ends.

import { builtin } from '../engine/testing/runScenario.ts';
import type { Op, Scenario, ScenarioSpec } from '../engine/scenario/types.ts';
import { validateScenario } from '../engine/scenario/validate.ts';

/**
 * Built-ins recorded on btrfs. Left out: S7 (whether the unwaited writeback has finished when the next
 * checkpoint is read is a race on a real device), S10 (64 KiB pages; these machines have 4 KiB pages)
 * and S11 (a user-space fault partway through the copy, which xfs_io cannot make).
 */
export const BUILTIN_IDS = [
  'S1',
  'S2',
  'S3',
  'S3-cached',
  'S4',
  'S5',
  'S6',
  'S8',
  'S8-shared',
  'S9',
  'S12',
  'S14',
  'S15',
] as const;

/** A whole-block overwrite of a NODATACOW file whose data space is not full: it writes in place. */
const nocowOverwrite: ScenarioSpec = {
  id: 'nocow-overwrite',
  title: 'Overwrite of a NODATACOW file',
  description:
    'A NODATACOW file (chattr +C on the empty file) is overwritten in one whole block with space to spare: writeback writes into the existing extent in place.',
  files: [
    {
      name: 'F',
      size: '16K',
      flags: ['NODATACOW', 'NODATASUM'],
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};

/** A whole-block overwrite inside a range cloned from another range of the same file: CoW unshares it. */
const cloneOverwrite: ScenarioSpec = {
  id: 'clone-overwrite',
  title: 'Overwrite of a cloned extent',
  description:
    'The second half of the file is a clone of the first (both reference disk extent X); one block of the first half is overwritten and written back, which moves only that block to a new extent.',
  files: [
    {
      name: 'F',
      size: '32K',
      extents: [
        { offset: 0, length: '16K', disk: 'X' },
        { offset: '16K', length: '16K', disk: 'X' },
      ],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};

export const EXTRA_SCENARIOS: readonly ScenarioSpec[] = [
  nocowOverwrite,
  cloneOverwrite,
];

/** The ops the recorder appends: a sync, so the fixture ends at a commit. */
export const SETTLE_OPS: readonly Op[] = [{ op: 'sync' }];

export interface ConformanceScenario {
  readonly id: string;
  readonly builtin: boolean;
  readonly scenario: Scenario;
}

function validated(spec: ScenarioSpec): Scenario {
  const v = validateScenario(spec);
  if (!v.ok)
    throw new Error(
      `${spec.id}: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return v.scenario;
}

/** A scenario with the settle ops appended. */
export function withSettle(scenario: Scenario): Scenario {
  return { ...scenario, ops: [...scenario.ops, ...SETTLE_OPS] };
}

/** Every scenario the recorder records, as it runs them (settle ops appended). */
export function conformanceScenarios(): ConformanceScenario[] {
  return [
    ...BUILTIN_IDS.map((id) => ({
      id,
      builtin: true,
      scenario: withSettle(builtin(id)),
    })),
    ...EXTRA_SCENARIOS.map((spec) => ({
      id: spec.id,
      builtin: false,
      scenario: withSettle(validated(spec)),
    })),
  ];
}
