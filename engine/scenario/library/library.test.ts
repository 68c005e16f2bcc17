import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../sim/simulation.ts';
import { builtin } from '../../testing/runScenario.ts';
import { formatScenarioErrors, validateScenario } from '../validate.ts';
import { BUILTIN_SCENARIOS, findBuiltin } from './index.ts';

const KERNEL_FACTS = [
  'S1',
  'S2',
  'S3',
  'S4',
  'S5',
  'S6',
  'S7',
  'S8',
  'S9',
  'S10',
  'S11',
  'S12',
  'S14',
  'S15',
];

/** Sentences end with . ! or ? followed by whitespace or the end (labels like "v5.2" do not count). */
function sentences(text: string): number {
  return text.split(/[.!?](?:\s+|$)/).filter((s) => s.trim() !== '').length;
}

describe('the built-in scenario library', () => {
  it.each(BUILTIN_SCENARIOS.map((s) => [s.id, s] as const))(
    '%s passes validateScenario',
    (_id, spec) => {
      const result = validateScenario(spec);
      expect(result.ok ? '' : formatScenarioErrors(result.errors)).toBe('');
    },
  );

  it('has unique ids, even ignoring case', () => {
    const ids = BUILTIN_SCENARIOS.map((s) => s.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every scenario in one paragraph of 3 to 6 sentences under 1200 characters', () => {
    for (const s of BUILTIN_SCENARIOS) {
      expect(sentences(s.description), s.id).toBeGreaterThanOrEqual(3);
      expect(sentences(s.description), s.id).toBeLessThanOrEqual(6);
      expect(s.description.length, s.id).toBeLessThan(1200);
      expect(s.description, s.id).not.toMatch(/\n/);
    }
  });

  it('covers every kernel-facts scenario except S13 (XFS)', () => {
    for (const id of KERNEL_FACTS)
      expect(findBuiltin(id)?.kernelFacts).toBe(id);
    expect(findBuiltin('S13')).toBeUndefined();
    const cited = new Set(
      BUILTIN_SCENARIOS.flatMap((s) =>
        s.kernelFacts === undefined ? [] : [s.kernelFacts],
      ),
    );
    expect([...cited].sort()).toEqual([...KERNEL_FACTS].sort());
  });

  it('finds built-ins by id, ignoring case', () => {
    expect(findBuiltin('s3-cached')?.id).toBe('S3-cached');
    expect(findBuiltin('S8-shared')?.id).toBe('S8-shared');
    expect(findBuiltin('nope')).toBeUndefined();
  });

  it('models the common setup: file F with i_size 16K over extent X, unless the case says otherwise', () => {
    const s1 = validateScenario(findBuiltin('S1'));
    if (!s1.ok) throw new Error(formatScenarioErrors(s1.errors));
    expect(s1.scenario.files).toEqual([
      expect.objectContaining({
        name: 'F',
        size: 16 * 1024,
        extents: [
          expect.objectContaining({ offset: 0, length: 16 * 1024, disk: 'X' }),
        ],
      }),
    ]);
    expect(s1.scenario.geometry).toMatchObject({
      pageSize: 4096,
      sectorSize: 4096,
    });
  });

  it('leaves S8 no free data space at all, so a new reservation fails', () => {
    const s8 = validateScenario(findBuiltin('S8'));
    if (!s8.ok) throw new Error(formatScenarioErrors(s8.errors));
    expect(s8.scenario.space.dataFree).toBe(0);
    expect(findBuiltin('S8-shared')?.files[0]?.extents?.[0]?.shared).toBe(true);
  });

  it('compares v1 against srcmap in the S3 pair', () => {
    expect(findBuiltin('S3')?.variants).toEqual(['v1-posted', 'srcmap']);
    expect(findBuiltin('S3-cached')?.files[0]?.cached).toEqual([
      { offset: 0, length: '4K' },
    ]);
  });
});

describe('the enospc scenario', () => {
  it.each(['srcmap', 'legacy'] as const)(
    'under %s: a chunk on demand, a commit that frees pinned space for a waiting write, then ENOSPC',
    (variant) => {
      const sim = createSimulation({ scenario: builtin('enospc'), variant });
      const outcomes = sim.runAll();
      expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
        'ok',
        'ENOSPC',
      ]);
      expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
      const tickets = sim.events.flatMap((e) =>
        e.kind === 'btrfs.ticket' ? [`${e.action} ${String(e.op + 1)}`] : [],
      );
      expect(tickets).toEqual([
        'queue 1',
        'grant 1',
        'queue 5',
        'grant 5',
        'queue 6',
        'fail 6',
      ]);
      const chunks = sim.events.flatMap((e) =>
        e.kind === 'btrfs.chunk_alloc' ? [`${e.type} ${String(e.ok)}`] : [],
      );
      // Once a chunk allocation has failed the space_info is full: later attempts fail without trying.
      expect(chunks).toEqual(['data true', 'data false']);
      const granting = sim.events.find(
        (e) => e.kind === 'btrfs.ticket' && e.action === 'grant' && e.op === 4,
      );
      expect(granting?.kfn).toBe('flush_space');
    },
  );
});
