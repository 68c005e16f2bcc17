// The pieces the four iomap designs share: the btrfs ->iomap_begin/_end wrapped as iomap write ops, and
// the conversion of a btrfs extent map into an iomap.

import {
  btrfsBufferedIomapBegin,
  btrfsBufferedIomapEnd,
  type BtrfsIomapPrivate,
  type MappingDesign,
} from '../btrfs/bufferedIomap.ts';
import type { ExtentMap } from '../btrfs/fileExtents.ts';
import {
  iomapFileBufferedWrite,
  type IomapWriteOps,
  type IterMaps,
} from '../iomap/bufferedWrite.ts';
import { zeroEofBlockTail } from '../btrfs/truncate.ts';
import { fail, type Result } from '../core/errno.ts';
import { alignDown } from '../core/units.ts';
import { makeIomap, NULL_ADDR } from '../iomap/iomap.ts';
import type { SourcePolicy } from '../iomap/writeBegin.ts';
import type { BtrfsWriteContext } from '../btrfs/writeContext.ts';
import type { Page } from '../pagecache/page.ts';
import type { IomapRec } from '../trace/records.ts';

export interface IomapDesignOptions {
  readonly mapping: MappingDesign;
  readonly source: (
    ctx: BtrfsWriteContext,
    maps: IterMaps<BtrfsIomapPrivate>,
  ) => SourcePolicy;
  readonly clampToSrcmap: boolean;
  readonly pageDone?: (ctx: BtrfsWriteContext, page: Page) => void;
}

export function btrfsIomapOps(
  options: IomapDesignOptions,
): IomapWriteOps<BtrfsIomapPrivate, BtrfsWriteContext> {
  return {
    beginName: 'btrfs_buffered_iomap_begin',
    endName: 'btrfs_buffered_iomap_end',
    begin: (ctx, pos, length) =>
      btrfsBufferedIomapBegin(ctx, pos, length, options.mapping),
    end: (ctx, pos, _length, written, maps) => {
      btrfsBufferedIomapEnd(ctx, pos, written, maps.private);
    },
    source: options.source,
    clampToSrcmap: options.clampToSrcmap,
    ...(options.pageDone !== undefined ? { pageDone: options.pageDone } : {}),
  };
}

/** A btrfs extent map as a source iomap with v5.5 meaning: prealloc is UNWRITTEN (reads as zeros). */
export function extentMapToIomap(em: ExtentMap): IomapRec {
  switch (em.kind) {
    case 'hole':
      return makeIomap('HOLE', em.start, em.len, NULL_ADDR);
    case 'prealloc':
      return makeIomap('UNWRITTEN', em.start, em.len, em.blockStart);
    case 'regular':
      return makeIomap('MAPPED', em.start, em.len, em.blockStart);
  }
}

/** True when the write [pos, pos + len) starts or ends inside a page. */
export function pageUnaligned(
  pageSize: number,
  pos: number,
  len: number,
): boolean {
  // (pos + len) is page aligned after an aligned pos exactly when len is.
  return pos % pageSize !== 0 || len % pageSize !== 0;
}

/** The destination map every btrfs design reports: delalloc space, F_NEW over a hole or past EOF. */
export function delallocIomap(
  ctx: BtrfsWriteContext,
  offset: number,
  length: number,
): IomapRec {
  const em = ctx.entry.extents.lookup(offset, length);
  const isNew = offset >= ctx.entry.inode.isize || em.kind === 'hole';
  return makeIomap('DELALLOC', offset, length, NULL_ADDR, isNew ? ['NEW'] : []);
}

/**
 * The write entry of the fixed iomap designs: before a write that starts past i_size, zero the rest of the
 * EOF block through the page cache (what XFS's write checks do with iomap_zero_range). iomap's write_begin
 * reads a partly written EOF block from disk as it is, and after a crash that block may hold stale bytes
 * past i_size; btrfs_readpage, which the legacy path uses, zeroes them, iomap_read_page_sync does not.
 * btrfs_file_write_iter's own btrfs_cont_expand covers only writes that start past the EOF block.
 */
export function iomapPortWrite(
  ctx: BtrfsWriteContext,
  pos: number,
  len: number,
  ops: IomapWriteOps<BtrfsIomapPrivate, BtrfsWriteContext>,
): Result<number> {
  const { isize } = ctx.entry.inode;
  // A write starting past the EOF block found that block zeroed by btrfs_cont_expand already.
  if (pos > isize && alignDown(pos, ctx.fs.geo.sectorSize) <= isize) {
    const zeroed = zeroEofBlockTail(ctx.fs, ctx.entry, isize);
    if (!zeroed.ok) return fail(zeroed.error.errno, zeroed.error.message);
  }
  return iomapFileBufferedWrite(ctx, pos, len, ops);
}
