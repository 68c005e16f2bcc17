// The srcmap design as it should have been: the v1 series with its bugs fixed and the semantics merged in
// v5.5 (c039b9979272): the destination is a DELALLOC iomap, the source a separate srcmap (HOLE meaning
// "same as iomap"), the length clamped to the srcmap's end, zeroing when the source is not MAPPED or F_NEW.

import { NULL_ADDR, HOLE_MAP, iterSrcmap } from '../iomap/iomap.ts';
import { v55Source } from '../iomap/blockNeedsZeroing.ts';
import {
  btrfsIomapOps,
  delallocIomap,
  extentMapToIomap,
  iomapPortWrite,
  pageUnaligned,
} from './iomapDesign.ts';
import { DESIGNS } from './catalog.ts';
import type { Variant } from './variant.ts';

const ops = btrfsIomapOps({
  mapping: {
    v1Accounting: false,
    map(ctx, pos, writeBytes, offset, length) {
      const iomap = delallocIomap(ctx, offset, length);
      if (!pageUnaligned(ctx.fs.geo.pageSize, pos, writeBytes))
        return { iomap, srcmap: HOLE_MAP };
      ctx.fs.counters.add('mappingLookups');
      const srcmap = extentMapToIomap(
        ctx.entry.extents.lookup(pos, writeBytes),
      );
      if (srcmap.type !== 'HOLE') return { iomap, srcmap };
      // A HOLE srcmap means "the iomap is its own source", so iomap_apply does not clamp to it: the
      // iomap itself must end where the hole does, or the blocks past it would be zeroed, not read. The
      // hole found from pos ends at the write's end at the latest, which the iomap reaches.
      const holeEnd = srcmap.offset + srcmap.length;
      return {
        iomap: { ...iomap, length: holeEnd - iomap.offset },
        srcmap: { ...srcmap, addr: NULL_ADDR },
      };
    },
  },
  source: (ctx, maps) => {
    const src = iterSrcmap(maps);
    return v55Source(
      ctx.entry.inode.isize,
      src,
      src === maps.iomap ? 'iomap (srcmap is a HOLE: same as iomap)' : 'srcmap',
    );
  },
  clampToSrcmap: true,
});

export const srcmapVariant: Variant = {
  ...DESIGNS.srcmap,
  bufferedWrite: (ctx, pos, len) => iomapPortWrite(ctx, pos, len, ops),
};
