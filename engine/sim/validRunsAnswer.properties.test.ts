// What validation accepts runs to an answer: built-ins with one size, offset or length moved to a boundary
// value (a block either side, a page, the limits, past the device) either are refused by validation or run
// under a design of their filesystem without a broken invariant. A scenario that does not fit its device is
// an answer too (ScenarioDoesNotFit, which the CLI and the worker report as a refusal).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_SIZE } from '../core/limits.ts';
import { BUILTIN_SCENARIOS } from '../scenario/library/index.ts';
import { VARIANT_IDS } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { ScenarioDoesNotFit } from './setup.ts';
import { createSimulation } from './simulation.ts';
import { createXfsSimulation } from './xfsSimulation.ts';

const K = 1024;
const M = K * K;
/** Values a size, offset or length may take at a boundary of the model. */
const BOUNDARY = [
  0,
  1,
  511,
  512,
  4095,
  4096,
  4097,
  8191,
  65535,
  65536,
  65537,
  128 * K,
  M - 1,
  M,
  16 * M,
  64 * M,
  64 * M + 1,
  128 * M,
  256 * M,
  1024 * M,
  MAX_FILE_SIZE,
];

/** Paths to every number (and size string) in `v`, depth first. */
function numberSlots(
  v: unknown,
  path: (string | number)[] = [],
): (string | number)[][] {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+[KMG]?$/.test(v)))
    return [path];
  if (Array.isArray(v))
    return v.flatMap((x, i) => numberSlots(x, [...path, i]));
  if (typeof v === 'object' && v !== null)
    return Object.entries(v).flatMap(([k, x]) => numberSlots(x, [...path, k]));
  return [];
}

function setAt(
  root: unknown,
  path: readonly (string | number)[],
  value: number,
): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as Record<
    string | number,
    unknown
  >;
  let holder = copy;
  for (const key of path.slice(0, -1))
    holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) holder[last] = value;
  return copy;
}

const moved = fc
  .tuple(
    fc.constantFrom(...BUILTIN_SCENARIOS),
    fc.nat(),
    fc.constantFrom(...BOUNDARY),
    fc.nat(),
  )
  .map(([builtin, pick, value, design]) => {
    const json = JSON.parse(JSON.stringify(builtin)) as unknown;
    const slots = numberSlots(json);
    const slot = slots[pick % slots.length] ?? [];
    return {
      input: setAt(json, slot, value),
      slot: slot.join('.'),
      value,
      design,
    };
  });

describe('a valid scenario runs to an answer', () => {
  it('under a design of its filesystem, whichever size, offset or length sits at a boundary', () => {
    let ran = 0;
    fc.assert(
      fc.property(moved, ({ input, design }) => {
        const v = validateScenario(input);
        if (!v.ok) return;
        ran++;
        const run = () =>
          v.scenario.filesystem === 'xfs'
            ? createXfsSimulation({
                scenario: v.scenario,
                history: false,
              }).runAll()
            : createSimulation({
                scenario: v.scenario,
                variant: VARIANT_IDS[design % VARIANT_IDS.length] ?? 'srcmap',
                trace: false,
                history: false,
              }).runAll();
        try {
          run();
        } catch (error) {
          if (!(error instanceof ScenarioDoesNotFit)) throw error;
        }
      }),
      { numRuns: 150, seed: 20261207 },
    );
    expect(ran).toBeGreaterThan(50);
  }, 120_000);
});
