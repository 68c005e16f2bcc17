// Space running out is a result, never a crash: scattered writes on a device with room for them succeed,
// and on a device too small for their metadata they end in ENOSPC (at the write, or later at writeback and
// commit) with the file still what the data oracle expects and fsck clean. Regression tests for issue 15
// (38 of 100 scattered writes failed on 256 MiB) and issue 18 finding 2 (the fixed metadata block group
// threw an InvariantError when it filled, at setup and at commit).

import { describe, expect, it } from 'vitest';
import { checkFs } from '../../check/fsck.ts';
import { validateScenario } from '../../scenario/validate.ts';
import type { OpSpec, Scenario } from '../../scenario/types.ts';
import { createSimulation } from '../../sim/simulation.ts';

/** A new file on a device of `deviceSize`, `n` 4 KiB writes one every 64 KiB, then `after`. */
function scattered(
  deviceSize: string,
  n: number,
  after: readonly OpSpec[],
): Scenario {
  const writes: OpSpec[] = Array.from({ length: n }, (_, i) => ({
    op: 'write',
    file: 'F',
    offset: i * 65536,
    length: 4096,
  }));
  const v = validateScenario({
    id: 'scattered',
    title: 'Scattered 4 KiB writes',
    description: 'One 4 KiB write every 64 KiB into a new file.',
    geometry: { deviceSize },
    files: [{ name: 'F', size: 0 }],
    ops: [...writes, ...after],
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  return v.scenario;
}

describe('scattered writes and the space they need', () => {
  it('100 scattered 4 KiB writes on a 256 MiB device all succeed', () => {
    const sim = createSimulation({
      scenario: scattered('256M', 100, [{ op: 'sync' }]),
      variant: 'srcmap',
      trace: false,
    });
    const outcomes = sim.runAll();
    expect(outcomes.filter((o) => o.error !== null)).toEqual([]);
    expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
    expect(checkFs(sim.fs, { quiescent: false }).problems).toEqual([]);
  });

  it('on a 4 MiB device, 300 scattered writes, writeback and a commit end in ENOSPC, never a throw', () => {
    const sim = createSimulation({
      scenario: scattered('4M', 300, [
        { op: 'writeback', file: 'F' },
        { op: 'commit' },
        { op: 'sync' },
      ]),
      variant: 'srcmap',
      trace: false,
    });
    const outcomes = sim.runAll();
    const errnos = new Set(outcomes.map((o) => o.error?.errno ?? 'ok'));
    expect(errnos).toEqual(new Set(['ok', 'ENOSPC']));
    expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
    expect(checkFs(sim.fs, { quiescent: false }).problems).toEqual([]);
  });

  it('refuses the retired metadataSpace setting with a sentence', () => {
    const v = validateScenario({
      id: 'tiny-metadata',
      title: 'A 16 KiB metadata space',
      description: 'The setting that used to fix the metadata space.',
      geometry: { metadataSpace: '16K' },
      files: [{ name: 'F', size: 0 }],
      ops: [],
    });
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.errors).toContainEqual({
        path: 'geometry.metadataSpace',
        message: expect.stringContaining('is no longer a setting') as string,
      });
  });
});
