// The 2019 "Btrfs iomap" v1 series exactly as posted, bugs included: patch 5/6 sets IOMAP_COW and then
// overwrites it with IOMAP_DELALLOC, so write_begin never uses the srcmap and zeroes around unaligned
// writes of uncached data (v5.2 rule); get_iomap counts the in-extent offset twice in srcmap->addr; the
// iomap length forgets the sector offset; page_done marks the whole page uptodate.

import { iomapFileBufferedWrite } from '../iomap/bufferedWrite.ts';
import { makeIomap, NULL_ADDR } from '../iomap/iomap.ts';
import { PG, type IomapRec } from '../trace/records.ts';
import { btrfsIomapOps, pageUnaligned } from './iomapDesign.ts';
import { DESIGNS } from './catalog.ts';
import type { Variant } from './variant.ts';

const ops = btrfsIomapOps({
  mapping: {
    v1Accounting: true,
    map(ctx, pos, writeBytes, offset, length) {
      const { fs, entry } = ctx;
      let srcmap: IomapRec | null = null;
      if (pageUnaligned(fs.geo.pageSize, pos, writeBytes)) {
        fs.rec.emit(
          'iomap.map',
          {},
          'patch 5/6: the write is not page aligned, so iomap->type = IOMAP_COW and get_iomap fills the srcmap',
        );
        fs.counters.add('mappingLookups');
        const em = entry.extents.lookup(pos, writeBytes);
        // get_iomap: no check of em flags (prealloc reports MAPPED) and addr counts (pos - em->start) twice.
        srcmap =
          em.kind === 'hole'
            ? makeIomap('HOLE', em.start, em.len, NULL_ADDR)
            : makeIomap(
                'MAPPED',
                em.start,
                em.len,
                em.blockStart + (pos - em.start),
              );
        fs.rec.emit(
          'iomap.map',
          {},
          'then iomap->type = IOMAP_DELALLOC runs unconditionally: the COW type is lost and the srcmap will be ignored',
        );
      }
      return {
        iomap: makeIomap('DELALLOC', offset, length, NULL_ADDR),
        srcmap,
      };
    },
  },
  // v5.2 + patch 2/6: only an IOMAP_COW iomap would send write_begin to the srcmap, and only a MAPPED map
  // is read. Patch 5/6 leaves every iomap DELALLOC, so every partial block is zeroed, at i_size or not.
  source: (_ctx, maps) => () => ({
    action: 'zero',
    why: `v5.2 rule: iomap->type is ${maps.iomap.type}, not MAPPED, so the rest of the block is zeroed`,
  }),
  clampToSrcmap: false,
  pageDone: (ctx, page) => {
    // btrfs_buffered_page_done: SetPageUptodate(page) whatever the per-block state, then set_page_dirty.
    if (page.has(PG.uptodate)) return;
    ctx.entry.mapping.setRangeUptodate(page, 0, ctx.fs.geo.pageSize);
    ctx.fs.rec.emit(
      'page.flags',
      { ino: page.ino, index: page.index },
      'btrfs_buffered_page_done: SetPageUptodate on the whole page',
    );
  },
});

export const v1PostedVariant: Variant = {
  ...DESIGNS['v1-posted'],
  bufferedWrite: (ctx, pos, len) => iomapFileBufferedWrite(ctx, pos, len, ops),
};
