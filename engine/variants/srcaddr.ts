// The older alternative: keep one iomap and add a single source-address field. It can say where old data
// lives, but not what it is (unwritten, inline, another device): a non-MAPPED source must be reported as
// "no source", and the iomap must end where the source extent ends.

import { NULL_ADDR } from '../iomap/iomap.ts';
import {
  btrfsIomapOps,
  delallocIomap,
  iomapPortWrite,
  pageUnaligned,
} from './iomapDesign.ts';
import { DESIGNS } from './catalog.ts';
import type { Variant } from './variant.ts';

const ops = btrfsIomapOps({
  mapping: {
    v1Accounting: false,
    map(ctx, pos, writeBytes, offset, length) {
      if (!pageUnaligned(ctx.fs.geo.pageSize, pos, writeBytes))
        return {
          iomap: { ...delallocIomap(ctx, offset, length), srcaddr: NULL_ADDR },
          srcmap: null,
        };
      ctx.fs.counters.add('mappingLookups');
      const em = ctx.entry.extents.lookup(pos, writeBytes);
      const clamped = Math.min(length, em.start + em.len - offset);
      const srcaddr =
        em.kind === 'regular' ? em.blockStart + (offset - em.start) : NULL_ADDR;
      return {
        iomap: { ...delallocIomap(ctx, offset, clamped), srcaddr },
        srcmap: null,
      };
    },
  },
  source: (ctx, maps) => (start) => {
    const srcaddr = maps.iomap.srcaddr ?? NULL_ADDR;
    if (srcaddr === NULL_ADDR)
      return {
        action: 'zero',
        why: 'srcaddr is NULL: no old data (hole, prealloc or new space)',
      };
    if (start >= ctx.entry.inode.isize)
      return { action: 'zero', why: 'the block starts at or past i_size' };
    return {
      // Stryker disable next-line StringLiteral: write_begin reads for every action but 'zero'
      action: 'read',
      bytenr: srcaddr + (start - maps.iomap.offset),
      why: 'read the old data at srcaddr',
    };
  },
  // Stryker disable next-line BooleanLiteral: this design reports no srcmap, so there is nothing to clamp to
  clampToSrcmap: false,
});

export const srcaddrVariant: Variant = {
  ...DESIGNS.srcaddr,
  bufferedWrite: (ctx, pos, len) => iomapPortWrite(ctx, pos, len, ops),
};
