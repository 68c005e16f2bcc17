// Christoph Hellwig's alternative from the review: ->iomap_begin reports one iomap (the destination); when
// write_begin needs old data for a partly covered block, iomap calls back into the filesystem with a
// nested lookup of the source, flagged so the filesystem takes no locks it already holds.

import { describeMap } from '../iomap/iomap.ts';
import {
  btrfsIomapOps,
  delallocIomap,
  extentMapToIomap,
  iomapPortWrite,
} from './iomapDesign.ts';
import { v55Source } from '../iomap/blockNeedsZeroing.ts';
import { DESIGNS } from './catalog.ts';
import type { Variant } from './variant.ts';

const ops = btrfsIomapOps({
  mapping: {
    v1Accounting: false,
    map: (ctx, _pos, _writeBytes, offset, length) => ({
      iomap: delallocIomap(ctx, offset, length),
      srcmap: null,
    }),
  },
  source: (ctx) => (start, length) => {
    const { fs, entry } = ctx;
    fs.counters.add('iomapBeginCalls');
    fs.counters.add('mappingLookups');
    const src = fs.rec.call(
      'btrfs_buffered_iomap_begin',
      'nested lookup of the source (IOMAP_READ | no locks: the range is already locked)',
      () => {
        const map = extentMapToIomap(entry.extents.lookup(start, length));
        fs.rec.emit(
          'iomap.map',
          {},
          `nested iomap for the read: ${describeMap(map)}`,
        );
        return map;
      },
    );
    const covered = Math.min(length, src.offset + src.length - start);
    return {
      ...v55Source(entry.inode.isize, src, 'nested source map')(start, covered),
      length: covered,
    };
  },
  // Stryker disable next-line BooleanLiteral: this design reports no srcmap, so there is nothing to clamp to
  clampToSrcmap: false,
});

export const nestedApplyVariant: Variant = {
  ...DESIGNS['nested-apply'],
  bufferedWrite: (ctx, pos, len) => iomapPortWrite(ctx, pos, len, ops),
};
