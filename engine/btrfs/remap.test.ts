// Clone and dedupe with blocks smaller than a page: the destination's cached pages must read what the
// clone put there (found by the exerciser on 64 KiB pages, where a partly covered page kept zeros).

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';

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
    },
  );
});
