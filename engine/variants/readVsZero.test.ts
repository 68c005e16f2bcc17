// write_begin's read-vs-zero rule at the i_size boundary under every design, on 4K and 64K pages: which
// disk address each read uses, and whether the file reads back what was written. v1-posted zeroes where
// it should read: its data loss is asserted byte for byte, as the oracle reports it.

import { describe, expect, it } from 'vitest';
import type { ScenarioSpec, VariantId } from '../scenario/types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { present } from '../testing/nonVacuous.ts';
import { scenarioOf } from '../testing/runScenario.ts';

const K = 1024;
type Range = readonly [number, number];

/** One read into the page cache: file offset, length, disk address (-1: zeros, no I/O). */
interface Read {
  readonly at: number;
  readonly length: number;
  readonly bytenr: number;
}

/** Runs `spec` under `variant`; the reads of op `op`, and every range the oracle saw lost. */
function outcome(
  spec: Omit<ScenarioSpec, 'title' | 'description'>,
  variant: VariantId,
  op = 0,
): { sim: Simulation; reads: Read[]; lost: Range[] } {
  const sim = createSimulation({ scenario: scenarioOf(spec), variant });
  const ps = sim.scenario.geometry.pageSize;
  const outcomes = sim.runAll();
  const reads = sim.events.flatMap((e) =>
    e.kind === 'page.read' && e.op === op
      ? [{ at: e.index * ps + e.from, length: e.length, bytenr: e.bytenr }]
      : [],
  );
  const lost = outcomes.flatMap((o) =>
    o.oracle.mismatches.flatMap((m): Range[] => {
      const r = /^F: bytes \[(\d+), (\d+)\) differ/.exec(m);
      return r === null ? [] : [[Number(r[1]), Number(r[2])]];
    }),
  );
  return { sim, reads, lost };
}

/** F: `size` bytes of i_size over one 16 KiB regular extent X (pattern bytes on disk, past EOF too). */
function file(pageSize: number, size: number, write: Range) {
  return {
    id: 'read-vs-zero',
    geometry: { pageSize, sectorSize: 4 * K },
    files: [
      {
        name: 'F',
        size,
        extents: [{ offset: 0, length: 16 * K, disk: 'X' }],
      },
    ],
    ops: [
      { op: 'write' as const, file: 'F', offset: write[0], length: write[1] },
      { op: 'read' as const, file: 'F', offset: 0, length: 32 * K },
    ],
  };
}

/** Disk offsets into X; -1 for a range read as zeros. */
type Reads = readonly (readonly [at: number, length: number, x: number])[];

interface Case {
  readonly name: string;
  readonly size: number;
  readonly write: Range;
  /** Reads of the iomap designs (srcmap, nested-apply, srcaddr): write_begin's partial blocks only. */
  readonly iomap: Reads;
  /** legacy: prepare_uptodate_page reads the whole page (btrfs_readpage zeroes past EOF). */
  readonly legacy: { readonly '4K': Reads; readonly '64K': Reads };
  /** What v1-posted loses (it zeroes every partial block; on 64K pages it also marks the page uptodate). */
  readonly v1Lost: {
    readonly '4K': readonly Range[];
    readonly '64K': readonly Range[];
  };
}

const CASES: readonly Case[] = [
  {
    name: 'a block starting exactly at i_size (mapped on disk past EOF)',
    size: 8 * K,
    write: [8 * K + 100, 200],
    iomap: [],
    legacy: {
      '4K': [[8 * K, 4 * K, -1]],
      '64K': [
        [0, 16 * K, 0],
        [16 * K, 48 * K, -1],
      ],
    },
    v1Lost: { '4K': [], '64K': [[0, 8 * K]] },
  },
  {
    name: 'the block holding i_size',
    size: 8 * K + 1000,
    write: [8 * K + 500, 1000],
    iomap: [[8 * K, 4 * K, 8 * K]],
    legacy: {
      '4K': [[8 * K, 4 * K, 8 * K]],
      '64K': [
        [0, 16 * K, 0],
        [16 * K, 48 * K, -1],
      ],
    },
    v1Lost: { '4K': [[8 * K, 8 * K + 500]], '64K': [[0, 8 * K + 500]] },
  },
  {
    name: 'a write ending at i_size',
    size: 8 * K + 1000,
    write: [8 * K + 200, 800],
    iomap: [[8 * K, 4 * K, 8 * K]],
    legacy: {
      '4K': [[8 * K, 4 * K, 8 * K]],
      '64K': [
        [0, 16 * K, 0],
        [16 * K, 48 * K, -1],
      ],
    },
    v1Lost: { '4K': [[8 * K, 8 * K + 200]], '64K': [[0, 8 * K + 200]] },
  },
  {
    name: 'a write ending at a block-aligned i_size',
    size: 12 * K,
    write: [8 * K + 200, 4 * K - 200],
    iomap: [[8 * K, 4 * K, 8 * K]],
    legacy: {
      '4K': [[8 * K, 4 * K, 8 * K]],
      '64K': [
        [0, 16 * K, 0],
        [16 * K, 48 * K, -1],
      ],
    },
    v1Lost: { '4K': [[8 * K, 8 * K + 200]], '64K': [[0, 8 * K + 200]] },
  },
  {
    name: 'a write past EOF into an extent mapped past EOF (cont_expand makes it a hole)',
    size: 8 * K,
    write: [12 * K + 100, 100],
    iomap: [],
    legacy: {
      '4K': [[12 * K, 4 * K, -1]],
      '64K': [
        [0, 8 * K, 0],
        [8 * K, 56 * K, -1],
      ],
    },
    v1Lost: { '4K': [], '64K': [[0, 8 * K]] },
  },
];

const PAGES = [
  ['4K', 4 * K],
  ['64K', 64 * K],
] as const;

const IOMAP: readonly VariantId[] = ['srcmap', 'nested-apply', 'srcaddr'];

describe("write_begin's read-vs-zero rule at i_size, every design", () => {
  for (const c of CASES)
    for (const [pages, ps] of PAGES) {
      describe(`${c.name}, ${pages} pages`, () => {
        const spec = file(ps, c.size, c.write);
        /** The expected reads with X's disk address filled in. */
        const at = (sim: Simulation, reads: Reads): Read[] => {
          const x = sim.fs.byName('F')?.extents.lookup(0, 4 * K).blockStart;
          if (x === undefined) throw new Error('F has no extent');
          return reads.map(([a, length, off]) => ({
            at: a,
            length,
            bytenr: off < 0 ? -1 : x + off,
          }));
        };

        it.each(IOMAP)(
          '%s reads only the partial blocks below i_size, each at its own address',
          (variant) => {
            const r = outcome(spec, variant);
            expect(r.lost).toEqual([]);
            expect(r.reads).toEqual(at(r.sim, c.iomap));
          },
        );

        it('legacy reads the whole page, zeros past EOF', () => {
          const r = outcome(spec, 'legacy');
          expect(r.lost).toEqual([]);
          expect(r.reads).toEqual(at(r.sim, c.legacy[pages]));
        });

        it('v1-posted reads nothing and loses exactly what it zeroed', () => {
          const r = outcome(spec, 'v1-posted');
          expect(r.reads).toEqual([]);
          // The oracle reports each loss after both ops: the file reads wrong from the write on.
          expect(r.lost).toEqual(c.v1Lost[pages].flatMap((l) => [l, l]));
        });
      });
    }
});

// S12 with the two source extents apart on disk: X holds [0, 8K), X2 holds [8K, 16K) from 4 KiB into it,
// so file offset 8K does not sit at X + 8K. A design that carried X's address across the extent boundary
// would read the wrong bytes; each read must use its own extent's address.
describe('S12 with non-adjacent extents: the disk address of every read', () => {
  const spec = (pageSize: number) => ({
    id: 'S12-apart',
    geometry: { pageSize, sectorSize: 4 * K },
    files: [
      {
        name: 'F',
        size: 16 * K,
        extents: [
          { offset: 0, length: 8 * K, disk: 'X' },
          { offset: 8 * K, length: 8 * K, disk: 'X2', diskOffset: 4 * K },
        ],
      },
    ],
    ops: [{ op: 'write' as const, file: 'F', offset: 7 * K, length: 2 * K }],
  });

  /** [file offset, length, disk address] of each read, from the extent addresses at setup. */
  function expected(sim: Simulation, reads: Reads): Read[] {
    const f = sim.fs.byName('F');
    if (f === undefined) throw new Error('no file F');
    const x = f.extents.lookup(0, 8 * K).blockStart;
    const x2 = f.extents.lookup(8 * K, 8 * K).blockStart;
    expect(x2).not.toBe(x + 8 * K);
    return reads.map(([a, length, which]) => ({
      at: a,
      length,
      bytenr: which < 0 ? -1 : a < 8 * K ? x + a : x2 + (a - 8 * K),
    }));
  }

  for (const [pages, ps] of PAGES) {
    it.each(IOMAP)(
      `%s, ${pages} pages: block 1 from X, block 2 from X2`,
      (v) => {
        const r = outcome(spec(ps), v);
        expect(r.lost).toEqual([]);
        expect(r.reads).toEqual(
          expected(r.sim, [
            [4 * K, 4 * K, 0],
            [8 * K, 4 * K, 0],
          ]),
        );
      },
    );
  }

  it('legacy, 4K pages: page 1 from X, page 2 from X2', () => {
    const r = outcome(spec(4 * K), 'legacy');
    expect(r.lost).toEqual([]);
    expect(r.reads).toEqual(
      expected(r.sim, [
        [4 * K, 4 * K, 0],
        [8 * K, 4 * K, 0],
      ]),
    );
  });

  it('legacy, 64K pages: the page in one read per extent, zeros past EOF', () => {
    const r = outcome(spec(64 * K), 'legacy');
    expect(r.lost).toEqual([]);
    expect(r.reads).toEqual(
      expected(r.sim, [
        [0, 8 * K, 0],
        [8 * K, 8 * K, 0],
        [16 * K, 48 * K, -1],
      ]),
    );
  });

  it.each(PAGES)(
    'v1-posted, %s pages: no read; the rest of both partial blocks is lost',
    (pages) => {
      const r = outcome(spec(pages === '4K' ? 4 * K : 64 * K), 'v1-posted');
      expect(r.reads).toEqual([]);
      expect(r.lost).toEqual(
        pages === '4K'
          ? [
              [4 * K, 7 * K],
              [9 * K, 12 * K],
            ]
          : [
              [0, 7 * K],
              [9 * K, 16 * K],
            ],
      );
    },
  );
});

// The last block of a 64K page: a write covering blocks 0-14 in part reads them, so only block 15 is
// not uptodate; a write into block 15 must read it, which it does only if the page is not counted
// uptodate before its last block is.
describe('the last block of a 64K page', () => {
  const spec = {
    id: 'last-block',
    geometry: { pageSize: 64 * K, sectorSize: 4 * K },
    files: [
      {
        name: 'F',
        size: 64 * K,
        extents: [{ offset: 0, length: 64 * K, disk: 'X' }],
      },
    ],
    ops: [
      { op: 'write' as const, file: 'F', offset: 100, length: 60 * K - 200 },
      { op: 'write' as const, file: 'F', offset: 62 * K, length: 100 },
    ],
  };

  it.each(IOMAP)('%s reads block 15 for the second write', (variant) => {
    const r = outcome(spec, variant, 1);
    expect(r.lost).toEqual([]);
    const x = present(
      r.sim.fs.byName('F')?.extents.lookup(0, 4 * K).blockStart,
      "X's address",
    );
    expect(r.reads).toEqual([
      { at: 60 * K, length: 4 * K, bytenr: x + 60 * K },
    ]);
  });

  it('legacy read the whole page for the first write: nothing to read for the second', () => {
    const r = outcome(spec, 'legacy', 1);
    expect(r.lost).toEqual([]);
    expect(r.reads).toEqual([]);
  });
});
