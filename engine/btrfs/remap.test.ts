// Clone and dedupe with blocks smaller than a page: the destination's cached pages must read what the
// clone put there (found by the exerciser on 64 KiB pages, where a partly covered page kept zeros).

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';
import { PG } from '../trace/records.ts';

const DESIGNS = ['legacy', 'srcmap'] as const;

/** F: 128 KiB of pattern data on disk, on 64 KiB pages of 4 KiB blocks, both pages cached. */
function subpageFile(ops: OpSpec[]) {
  return scenarioOf({
    id: 'subpage-remap',
    geometry: { pageSize: '64K', sectorSize: '4K' },
    files: [
      {
        name: 'F',
        size: '128K',
        extents: [{ offset: 0, length: '128K', disk: 'X' }],
        cached: [{ offset: 0, length: '128K' }],
      },
    ],
    ops,
  });
}

describe('btrfs_clone_files and dedupe on 64K pages', () => {
  it.each(DESIGNS)(
    '%s: a clone into the middle of a cached page reads back the source bytes',
    (variant) => {
      const scenario = subpageFile([
        {
          op: 'clone-range',
          file: 'F',
          srcOffset: 0,
          length: '4K',
          offset: '68K',
        },
        { op: 'read', file: 'F', offset: '64K', length: '64K' },
      ]);
      const { sim, failures } = runChecked(scenario, variant);
      expect(failures).toEqual([]);
      const bytes = sim.fileBytes('F');
      expect(bytes.subarray(68 * 1024, 72 * 1024)).toEqual(
        bytes.subarray(0, 4096),
      );
    },
  );

  it.each(DESIGNS)(
    '%s: a clone that ends inside a page with dirty blocks keeps them',
    (variant) => {
      const scenario = subpageFile([
        { op: 'write', file: 'F', offset: '100K', length: 100 },
        {
          op: 'clone-range',
          file: 'F',
          srcOffset: 0,
          length: '8K',
          offset: '88K',
        },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: a clone past EOF keeps the zeroed tail of the old EOF block',
    (variant) => {
      // The EOF block holds stale bytes past i_size on disk: cont_expand zeroes them in the page, and
      // that page is dropped with the destination's, so it must reach the disk first.
      const scenario = scenarioOf({
        id: 'subpage-clone-past-eof',
        geometry: { pageSize: '64K', sectorSize: '4K' },
        files: [
          {
            name: 'F',
            size: 70_000,
            extents: [{ offset: 0, length: '72K', disk: 'X' }],
          },
        ],
        ops: [
          {
            op: 'clone-range',
            file: 'F',
            srcOffset: 0,
            length: '4K',
            offset: '80K',
          },
          { op: 'read', file: 'F', offset: 0, length: '84K' },
        ],
      });
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: dedupe of equal ranges leaves the cached bytes alone',
    (variant) => {
      const scenario = subpageFile([
        {
          op: 'clone-range',
          file: 'F',
          srcOffset: 0,
          length: '4K',
          offset: '68K',
        },
        {
          op: 'dedupe-range',
          file: 'F',
          srcOffset: 0,
          length: '4K',
          offset: '68K',
        },
      ]);
      const { sim, failures } = runChecked(scenario, variant);
      expect(failures).toEqual([]);
      const bytes = sim.fileBytes('F');
      expect(bytes.subarray(68 * 1024, 72 * 1024)).toEqual(
        bytes.subarray(0, 4096),
      );
    },
  );
});

describe('btrfs_remap_file_range_prep', () => {
  it.each([
    ['clone-range', '32K'],
    ['copy-range', '32K'],
    // The bytes differ, so nothing is shared; the source was written back all the same.
    ['dedupe-range', '12K'],
  ] as const)(
    '%s writes back a nocow write elsewhere in the file first, so it goes in place before the extent is shared',
    (op, offset) => {
      // Linux 6.18 on a loop-mounted btrfs: a 16 KiB NODATACOW file written and synced, 4 KiB written at 4K,
      // then [8K, 12K) cloned to 32K: the clone wrote 4 KiB (filemap_flush of the whole source file), and
      // after the fsync block 1 was still in the first extent, shared. Had it waited for the fsync, the
      // extent would have had a second reference and the block would have been copied on write.
      const scenario = scenarioOf({
        id: 'remap-flush',
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
          { op, file: 'F', srcOffset: '8K', length: '4K', offset },
          { op: 'fsync', file: 'F' },
        ],
      });
      expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
      const { sim } = run(scenario, 'srcmap');
      const entry = sim.fs.byName('F');
      const em = entry?.extents.lookup(4096, 4096);
      const x = entry?.extents.lookup(0, 4096);
      expect(em?.blockStart).toBe(x?.blockStart);
      expect(
        sim.events.filter(
          (e) =>
            e.op === 1 &&
            e.kind === 'call.enter' &&
            e.fn === 'btrfs_submit_data_bio',
        ),
      ).toHaveLength(1);
      // The write goes to disk inside the flush, named as a step of its own.
      const steps = sim.events
        .filter((e) => e.op === 1)
        .flatMap((e) =>
          e.kind === 'call.enter' &&
          (e.fn === 'filemap_flush' || e.fn === 'btrfs_submit_data_bio')
            ? [`${e.fn}: ${e.note}`]
            : e.kind === 'call.exit' && e.fn === 'filemap_flush'
              ? ['filemap_flush done']
              : [],
        );
      expect(steps[0]).toBe(
        'filemap_flush: start writeback of the whole source file before its extents gain references',
      );
      expect(steps.slice(1).map((x) => x.split(':')[0])).toEqual([
        'btrfs_submit_data_bio',
        'filemap_flush done',
      ]);
    },
  );
});

/** F: 128 KiB in two disk extents, X under [0, 64K) and Y under [64K, 128K), on 4 KiB pages and blocks. */
function twoExtents(ops: OpSpec[]) {
  return scenarioOf({
    id: 'remap-two-extents',
    files: [
      {
        name: 'F',
        size: '128K',
        extents: [
          { offset: 0, length: '64K', disk: 'X' },
          { offset: '64K', length: '64K', disk: 'Y' },
        ],
      },
    ],
    ops,
  });
}

const K = 1024;

describe('btrfs_clone_files: the extent layout', () => {
  it('a clone from the middle of one extent into the next shares both extents at their offsets', () => {
    // Linux 6.18, loop-mounted btrfs, 4 KiB blocks: F written as 64 KiB, fsync, 64 KiB, fsync (two
    // extents), then `xfs_io -c "reflink F 48k 96k 32k"`: filefrag -v shows [96K, 112K) at X + 48K and
    // [112K, 128K) at Y + 0, all shared; i_size stays 128 KiB and st_blocks 256 (nbytes 128 KiB).
    const scenario = twoExtents([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: '48K',
        length: '32K',
        offset: '96K',
      },
      { op: 'remount' },
    ]);
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    const { sim } = run(twoExtents([scenario.ops[0] as OpSpec]), 'srcmap');
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no F');
    const named = (bytenr: number) => sim.fs.extentTree.nameOf(bytenr);
    expect(
      entry.extents
        .all()
        .map((i) => [
          i.offset / K,
          i.numBytes / K,
          named(i.diskBytenr),
          i.extentOffset / K,
          i.ramBytes / K,
        ]),
    ).toEqual([
      [0, 64, 'X', 0, 64],
      [64, 32, 'Y', 0, 64],
      [96, 16, 'X', 48, 64],
      [112, 16, 'Y', 0, 64],
    ]);
    expect(sim.fs.extentTree.all().map((e) => [e.name, e.refs])).toEqual([
      ['X', 2],
      ['Y', 2],
    ]);
    expect(entry.inode.isize).toBe(128 * K);
    expect(entry.inode.nbytes).toBe(128 * K);
    expect(sim.outcomes.map((o) => o.result)).toEqual([32 * K]);
    // The narration says what was shared and where, and how many items point into the source's extents.
    const op = sim.events.filter((e) => e.op === 0);
    expect(
      op.find((e) => e.kind === 'call.enter' && e.fn === 'btrfs_clone_files')
        ?.note,
    ).toBe('share [48K, +32K) at 96K');
    expect(
      op
        .filter((e) => e.kind === 'btrfs.extent' && e.action === 'insert')
        .map((e) => e.note),
    ).toContain(
      "btrfs_clone: 2 file extent item(s) now share the source's disk extents",
    );
    expect(
      op
        .filter((e) => e.kind === 'btrfs.inode' && e.ino === entry.inode.ino)
        .map((e) => e.note),
    ).toContain('i_size 128K; 32K cloned');
    // Both ranges are locked in the io tree while the items change.
    expect(
      op
        .filter(
          (e) =>
            e.kind === 'btrfs.bits' && e.note.startsWith('lock_extent_bits'),
        )
        .map((e) => e.note),
    ).toEqual([
      'lock_extent_bits: the clone source: set LOCKED on [48K, 80K)',
      'lock_extent_bits: the clone destination: set LOCKED on [96K, 128K)',
    ]);
  });
});

describe('btrfs_clone_files: references, pages and i_size', () => {
  it('each shared extent gains a reference, and the destination pages cached leave the cache', () => {
    const scenario = twoExtents([
      { op: 'read', file: 'F', offset: '96K', length: '4K' },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: '48K',
        length: '32K',
        offset: '96K',
      },
    ]);
    const { sim } = run(scenario, 'srcmap');
    const notes = sim.events.filter((e) => e.op === 1).map((e) => e.note);
    expect(
      notes.filter((n) => n.includes('a cloned file extent item')),
    ).toEqual([
      'extent X refs 1 -> 2: a cloned file extent item points into it',
      'extent Y refs 1 -> 2: a cloned file extent item points into it',
    ]);
    expect(notes).toContain(
      'truncate_inode_pages_range of the destination: page 24 leaves the page cache',
    );
    expect(sim.fs.byName('F')?.mapping.find(24)).toBeUndefined();
  });

  it('a clone to EOF or below leaves i_size and writes back only the flush and the two ranges', () => {
    // btrfs_clone_files calls btrfs_cont_expand only when the destination starts past i_size.
    const scenario = twoExtents([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '128K',
      },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '64K',
      },
    ]);
    const { sim } = run(scenario, 'srcmap');
    expect(sim.outcomes.map((o) => o.result)).toEqual([8 * K, 8 * K]);
    expect(sim.fs.byName('F')?.inode.isize).toBe(136 * K);
    for (const op of [0, 1])
      expect(
        sim.events.filter(
          (e) =>
            e.op === op &&
            e.kind === 'call.enter' &&
            e.fn === 'extent_writepages',
        ),
      ).toHaveLength(3);
  });

  it('a clone past EOF whose old EOF block fails its checksum is EIO and shares nothing', () => {
    // btrfs_cont_expand zeroes the old EOF block's tail past i_size (btrfs_truncate_block), which
    // reads the block first: a checksum failure there fails the clone before anything is shared.
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'clone-eof-eio',
        files: [
          {
            name: 'F',
            size: 70_000,
            extents: [{ offset: 0, length: '72K', disk: 'X' }],
          },
        ],
        ops: [
          {
            op: 'clone-range',
            file: 'F',
            srcOffset: 0,
            length: '4K',
            offset: '80K',
          },
        ],
      }),
      variant: 'srcmap',
    });
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no F');
    const at = entry.extents.lookup(0, 4 * K).blockStart + 68 * K;
    const sector = new Uint8Array(4 * K);
    sim.fs.disk.read(at, sector);
    sector[0] = (sector[0] ?? 0) ^ 0xff;
    sim.fs.disk.write(at, sector);
    const [outcome] = sim.runAll();
    expect(outcome?.error?.errno).toBe('EIO');
    expect(entry.inode.isize).toBe(70_000);
    expect(sim.fs.extentTree.all().map((e) => e.refs)).toEqual([1]);
  });
});

describe('btrfs_remap_file_range: what reaches the disk before the items change', () => {
  it('a clone carries a write still dirty in the source range', () => {
    // btrfs_remap_file_range_prep waits for the source range's ordered extents (btrfs_wait_ordered_range),
    // so the new bytes are in the file extent items the clone copies; the oracle reads them back after a
    // remount at both places.
    const scenario = twoExtents([
      { op: 'write', file: 'F', offset: '8K', length: '4K' },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: '8K',
        length: '4K',
        offset: '100K',
      },
      { op: 'remount' },
    ]);
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it('a write still dirty in the destination range does not land over the clone', () => {
    const scenario = twoExtents([
      { op: 'write', file: 'F', offset: '100K', length: '4K' },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: '8K',
        length: '4K',
        offset: '100K',
      },
      { op: 'remount' },
    ]);
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it.each([
    ['inside the file', '96K'],
    ['past EOF', '160K'],
  ])(
    'a page redirtied under writeback outside both ranges stays dirty: only the ranges are waited on (destination %s)',
    (_where, dst) => {
      // 64 KiB pages of 4 KiB blocks: a write to block 2 of page 0 while block 0 is under writeback leaves
      // the page dirty and under writeback. filemap_flush skips it (WB_SYNC_NONE), and the waits of
      // btrfs_remap_file_range_prep cover the two ranges only (past EOF, also the old EOF block
      // cont_expand zeroed), so the page is still dirty after the clone.
      const scenario = subpageFile([
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '8K', length: '4K' },
        {
          op: 'clone-range',
          file: 'F',
          srcOffset: '64K',
          length: '4K',
          offset: dst,
        },
      ]);
      const { sim } = run(scenario, 'srcmap');
      const page = sim.fs.byName('F')?.mapping.find(0);
      expect(page?.has(PG.dirty)).toBe(true);
      expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    },
  );
});

describe('btrfs_remap_file_range_prep on 64K pages: a page under writeback and dirty again', () => {
  /** F: 256 KiB on disk, 64 KiB pages of 4 KiB blocks; block `first` written back without waiting, then `second` (same page) written. */
  function redirtied(first: string, second: string, clone: OpSpec) {
    return scenarioOf({
      id: 'remap-redirtied',
      geometry: { pageSize: '64K', sectorSize: '4K' },
      files: [
        {
          name: 'F',
          size: '256K',
          extents: [{ offset: 0, length: '256K', disk: 'X' }],
        },
      ],
      ops: [
        { op: 'write', file: 'F', offset: first, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: second, length: '4K' },
        clone,
        { op: 'remount' },
      ],
    });
  }

  it('in the source range: the clone waits for the page and writes it again, so it shares the new bytes', () => {
    // filemap_flush skipped the page (WB_SYNC_NONE); the source range's own writeback waits for it
    // (WB_SYNC_ALL) before the items are copied.
    const scenario = redirtied('64K', '72K', {
      op: 'clone-range',
      file: 'F',
      srcOffset: '64K',
      length: '16K',
      offset: '192K',
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it('in the destination page: its dirty block outside the range reaches the disk before the page is dropped', () => {
    const scenario = redirtied('200K', '240K', {
      op: 'clone-range',
      file: 'F',
      srcOffset: '64K',
      length: '16K',
      offset: '192K',
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });
});

describe('btrfs_dedupe_file_range', () => {
  it('ranges that differ share nothing and change nothing', () => {
    // Linux 6.18: `xfs_io -c "dedupe F 0 8k 4k"` over blocks holding 'a' and 'b' reports "Extents did
    // not match" (FILE_DEDUPE_RANGE_DIFFERS) and bytes_deduped 0; the items stay as they were.
    const scenario = twoExtents([
      { op: 'write', file: 'F', offset: 0, length: '4K' },
      { op: 'fsync', file: 'F' },
      {
        op: 'dedupe-range',
        file: 'F',
        srcOffset: 0,
        length: '4K',
        offset: '72K',
      },
    ]);
    const { sim } = run(scenario, 'srcmap');
    expect(sim.outcomes.map((o) => o.result)).toEqual([4 * K, 0, 0]);
    expect(sim.fs.extentTree.all().every((e) => e.refs === 1)).toBe(true);
    const differs = sim.events.filter(
      (e) => e.op === 2 && e.kind === 'btrfs.extent',
    );
    expect(
      differs.map((e) => [e.kind === 'btrfs.extent' && e.action, e.note]),
    ).toEqual([
      [
        'ref',
        'FILE_DEDUPE_RANGE_DIFFERS: the ranges hold different bytes; nothing is shared',
      ],
    ]);
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it('equal ranges share the source extent and keep the cached pages', () => {
    // Linux 6.18: F of 7s written as 64 KiB, fsync, 64 KiB, fsync, then `xfs_io -c "dedupe F 0 120k 8k"`
    // deduped 8192 bytes; dump-tree -t 5: [64K, +56K) still in the second extent, [120K, +8K) in the first
    // at extent data offset 0 with ram 65536, the whole extent's (filefrag: shared), i_size 128 KiB, st_blocks 256.
    const scenario = scenarioOf({
      id: 'dedupe-equal',
      files: [
        {
          name: 'F',
          size: '128K',
          fill: { byte: 7 },
          extents: [
            { offset: 0, length: '64K', disk: 'X' },
            { offset: '64K', length: '64K', disk: 'Y' },
          ],
        },
      ],
      ops: [
        { op: 'read', file: 'F', offset: '120K', length: '8K' },
        {
          op: 'dedupe-range',
          file: 'F',
          srcOffset: 0,
          length: '8K',
          offset: '120K',
        },
      ],
    });
    const { sim } = run(scenario, 'srcmap');
    expect(sim.outcomes.map((o) => o.result)).toEqual([8 * K, 8 * K]);
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no F');
    const named = (bytenr: number) => sim.fs.extentTree.nameOf(bytenr);
    expect(
      entry.extents
        .all()
        .map((i) => [
          i.offset / K,
          i.numBytes / K,
          named(i.diskBytenr),
          i.extentOffset / K,
          i.ramBytes / K,
        ]),
    ).toEqual([
      [0, 64, 'X', 0, 64],
      [64, 56, 'Y', 0, 64],
      [120, 8, 'X', 0, 64],
    ]);
    expect(sim.fs.extentTree.all().map((e) => [e.name, e.refs])).toEqual([
      ['X', 2],
      ['Y', 1],
    ]);
    expect(entry.inode.nbytes).toBe(128 * K);
    // btrfs_extent_same_range: the bytes are equal, so the destination's cached pages stay.
    expect(entry.mapping.find(30)?.has(PG.uptodate)).toBe(true);
    expect(entry.mapping.find(31)?.has(PG.uptodate)).toBe(true);
    expect(
      sim.events.find(
        (e) =>
          e.op === 1 &&
          e.kind === 'call.enter' &&
          e.fn === 'btrfs_dedupe_file_range',
      )?.note,
    ).toBe('share [0B, +8K) at 120K if the bytes are equal');
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it.each([
    ['source', 0],
    ['destination', 120 * K],
  ])(
    'a checksum failure reading the %s range is EIO, and nothing is shared',
    (_which, damaged) => {
      // The compare reads both ranges through the page cache (btrfs_extent_same_range), so a block that
      // fails its checksum fails the dedupe with EIO, as a read of it would.
      const sim = createSimulation({
        scenario: twoExtents([
          {
            op: 'dedupe-range',
            file: 'F',
            srcOffset: 0,
            length: '4K',
            offset: '120K',
          },
        ]),
        variant: 'srcmap',
      });
      const em = sim.fs.byName('F')?.extents.lookup(damaged, 4 * K);
      if (em === undefined) throw new Error('no F');
      const at = em.blockStart + (damaged - em.start);
      const sector = new Uint8Array(4 * K);
      sim.fs.disk.read(at, sector);
      sector[0] = (sector[0] ?? 0) ^ 0xff;
      sim.fs.disk.write(at, sector);
      const [outcome] = sim.runAll();
      expect(outcome?.error?.errno).toBe('EIO');
      expect(sim.fs.extentTree.all().every((e) => e.refs === 1)).toBe(true);
    },
  );

  it('a range past EOF is EINVAL, not shortened', () => {
    // generic_remap_checks: dedupe may not reach past EOF, where a clone would be cut to it.
    const scenario = twoExtents([
      {
        op: 'dedupe-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '124K',
      },
    ]);
    const { sim } = run(scenario, 'srcmap');
    expect(sim.outcomes.map((o) => o.error?.errno)).toEqual(['EINVAL']);
  });
});

describe('btrfs_clone_files: nothing to do', () => {
  it('a zero-length clone at EOF and a zero-length dedupe return 0 without writing anything back', () => {
    // generic_remap_checks: a clone of length 0 means "to EOF", nothing from EOF; a dedupe of length 0
    // is nothing. btrfs_remap_file_range returns before btrfs_clone_files or btrfs_extent_same.
    const scenario = twoExtents([
      { op: 'write', file: 'F', offset: 0, length: '4K' },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: '128K',
        length: 0,
        offset: '132K',
      },
      { op: 'dedupe-range', file: 'F', srcOffset: 0, length: 0, offset: '64K' },
    ]);
    const { sim } = run(scenario, 'srcmap');
    expect(sim.outcomes.map((o) => o.result)).toEqual([4 * K, 0, 0]);
    expect(
      sim.events
        .filter((e) => e.op >= 1 && e.kind === 'call.enter')
        .map((e) => e.kind === 'call.enter' && e.fn),
    ).toEqual([]);
  });
});
