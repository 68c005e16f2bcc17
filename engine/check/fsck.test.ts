// checkFs over every built-in scenario and design, over seeded random operations, and the engine bugs it
// found, each kept as a regression test. Corruption tests live in fsck/corruption.test.ts.

import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { BUILTIN_SCENARIOS, findBuiltin } from '../scenario/library/index.ts';
import {
  VARIANT_IDS,
  type Op,
  type Scenario,
  type VariantId,
} from '../scenario/types.ts';
import { builtin, runChecked, scenarioOf } from '../testing/runScenario.ts';

const IDS = BUILTIN_SCENARIOS.map((s) => s.id);
const DESIGNS: VariantId[] = VARIANT_IDS.filter((v) => v !== 'v1-posted');

describe('checkFs on the built-in scenarios', () => {
  for (const id of IDS)
    for (const variant of DESIGNS)
      it(`${id} under ${variant}: every op, then quiescent after writeback + complete-io`, () => {
        expect(runChecked(builtin(id), variant).failures).toEqual([]);
      });
});

// ---- Seeded fuzz: random writes, reads, writeback and completion over the built-in setups ----

/** Random writes, reads, writebacks and completions over `scenario`'s files; the same for the same seed. */
function fuzzOps(scenario: Scenario, seed: number): Op[] {
  const rng = createRng(seed);
  const ss = scenario.geometry.sectorSize;
  const ops: Op[] = [];
  for (let n = 4 + rng.int(12); n > 0; n--) {
    const file = scenario.files[rng.int(scenario.files.length)];
    if (file === undefined) break;
    const k = rng.int(10);
    if (k < 6) {
      const span = file.size + 16384;
      const offset = rng.int(3) === 0 ? rng.int(span / ss) * ss : rng.int(span);
      const length = 1 + rng.int(rng.int(4) === 0 ? 40000 : 3 * ss);
      const shortCopyAt = rng.int(5) === 0 ? rng.int(length) : undefined;
      ops.push({
        op: 'write',
        file: file.name,
        offset,
        length,
        pattern: 'op-index',
        ...(shortCopyAt === undefined ? {} : { shortCopyAt }),
      });
    } else if (k < 8)
      ops.push({ op: 'writeback', file: file.name, wait: rng.int(2) === 0 });
    else if (k < 9) ops.push({ op: 'complete-io' });
    else
      ops.push({
        op: 'read',
        file: file.name,
        offset: rng.int(file.size + 4096),
        length: 1 + rng.int(8192),
      });
  }
  return ops;
}

const FUZZ_SEEDS = [1, 2, 3];

/** A built-in setup on other pages and sectors (its extents and sizes are 4 KiB aligned, so any fits). */
function onGeometry(
  id: string,
  pageSize: number,
  sectorSize: number,
): Scenario {
  const base = findBuiltin(id);
  if (base === undefined) throw new Error(`no built-in scenario ${id}`);
  return scenarioOf({
    ...base,
    geometry: { ...base.geometry, pageSize, sectorSize },
  });
}

describe('checkFs and the data oracle under seeded random operations', () => {
  for (const id of IDS)
    for (const variant of DESIGNS)
      it(`${id} under ${variant}, seeds ${FUZZ_SEEDS.join(', ')}`, () => {
        expect(fuzzFailures(builtin(id), variant, FUZZ_SEEDS)).toEqual([]);
      });
});

// Subpage: several blocks per page, where write_begin's per-block rules, the page-level uptodate flag and
// writeback of part of a page matter. The built-ins that already run on 64 KiB pages (S10*) are above.
const SUBPAGE_GEOMETRIES = [
  { name: '64K pages, 4K sectors', pageSize: 64 * 1024, sectorSize: 4096 },
  { name: '4K pages, 512B sectors', pageSize: 4096, sectorSize: 512 },
  { name: '64K pages, 512B sectors', pageSize: 64 * 1024, sectorSize: 512 },
] as const;
const SUBPAGE_IDS = IDS.filter((id) => !id.startsWith('S10'));
const SUBPAGE_SEEDS = [1];

describe('checkFs and the data oracle under seeded random operations, subpage', () => {
  for (const g of SUBPAGE_GEOMETRIES)
    for (const variant of DESIGNS)
      it(`${g.name}, every built-in setup under ${variant}, seed ${SUBPAGE_SEEDS.join(', ')}`, () => {
        const failures = SUBPAGE_IDS.flatMap((id) =>
          fuzzFailures(
            onGeometry(id, g.pageSize, g.sectorSize),
            variant,
            SUBPAGE_SEEDS,
          ).map((f) => `${id}: ${f}`),
        );
        expect(failures).toEqual([]);
      });
});

/** Every failure of `scenario`'s setup under fuzzOps for each seed. */
function fuzzFailures(
  base: Scenario,
  variant: VariantId,
  seeds: readonly number[],
): string[] {
  return seeds.flatMap((seed) => {
    const scenario = { ...base, ops: fuzzOps(base, seed * 7919) };
    return runChecked(scenario, variant).failures.map(
      (f) => `seed ${String(seed)} ${f}`,
    );
  });
}

// ---- Engine bugs the checker found (outside the built-ins); each test flips when the bug is fixed ----

const TWO_ORDERED_IN_ONE_PAGE = scenarioOf({
  ...builtin('S10-aligned'),
  ops: [
    { op: 'write', file: 'F', offset: 0, length: 4096 },
    { op: 'write', file: 'F', offset: 8192, length: 4096 },
    { op: 'writeback', file: 'F', wait: false },
    { op: 'write', file: 'F', offset: 0, length: 4096 },
  ],
});

const WRITE_BESIDE_WRITEBACK = scenarioOf({
  ...builtin('S10-aligned'),
  ops: [
    { op: 'write', file: 'F', offset: 0, length: 4096 },
    { op: 'writeback', file: 'F', wait: false },
    { op: 'write', file: 'F', offset: 8192, length: 4096 },
  ],
});

const NORESERVE_REWRITE = scenarioOf({
  id: 'noreserve-rewrite',
  // 8 KiB free: the 16 KiB write takes the nocow fallback, the 4 KiB rewrite reserves data.
  space: { dataFree: '8K' },
  files: [
    {
      name: 'F',
      size: '16K',
      flags: ['NODATACOW'],
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: 0, length: '16K' },
    { op: 'write', file: 'F', offset: 0, length: '4K' },
  ],
});

// Each scenario is built above, outside the test, so that only the pinned code can make the test fail.
describe('engine bugs found by checkFs', () => {
  // Fixed: on a 64 KiB page holding two ordered extents, completing one extent's bio ended writeback for
  // the whole page while the other bio was in flight; legacy's wait_on_page_writeback waited for only the
  // first ordered extent. A page now ends writeback with its last bio.
  it('two ordered extents in one 64K page, rewrite one: no page-writeback problem', () => {
    const { codes } = runChecked(TWO_ORDERED_IN_ONE_PAGE, 'legacy', false);
    expect([...codes]).not.toContain('page-writeback');
  });

  // Fixed: writeback with wait skipped a dirty page still under writeback; WB_SYNC_ALL now waits for the
  // page's bios and writes it again, so nothing is left delalloc.
  it('write beside a block under writeback, then sync: no delalloc left', () => {
    const { codes } = runChecked(WRITE_BESIDE_WRITEBACK, 'srcmap');
    expect([...codes]).not.toContain('delalloc-left');
  });

  // Fixed: NORESERVE from a nocow fallback write stayed on the range, so a later write that did reserve
  // data set DELALLOC on top of it and its bytes_may_use was never released (the clear hook skips NORESERVE
  // ranges). btrfs_clear_extent_bit clears NORESERVE whenever it clears DELALLOC (kernel 6.18 too).
  it('rewrite of a range the nocow fallback wrote: no data-may-use leak', () => {
    const { codes } = runChecked(NORESERVE_REWRITE, 'legacy');
    expect([...codes]).not.toContain('data-may-use');
  });
});
