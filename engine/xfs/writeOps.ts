// XFS's buffered write as the iomap core runs it (xfs_file_buffered_write -> iomap_file_buffered_write with
// xfs_buffered_write_iomap_ops): ->iomap_begin/_end over the XfsFs host and the v5.5 source rule. Rule:
// the generic core does the page work; this file only adapts XFS's two callbacks to it.

import type { Result } from '../core/errno.ts';
import { v55Source } from '../iomap/blockNeedsZeroing.ts';
import { iterSrcmap } from '../iomap/iomap.ts';
import {
  iomapFileBufferedWrite,
  type IomapWriteOps,
} from '../iomap/bufferedWrite.ts';
import type { WriteContext } from '../iomap/writeContext.ts';
import {
  xfsBufferedWriteIomapBegin,
  type XfsWriteMaps,
} from './bufferedIomapBegin.ts';
import { xfsBufferedWriteIomapEnd } from './bufferedIomapEnd.ts';
import type { XfsFile, XfsFs } from './fs.ts';

export type XfsWriteContext = WriteContext<XfsFs, XfsFile>;

export const XFS_WRITE_OPS: IomapWriteOps<XfsWriteMaps, XfsWriteContext> = {
  beginName: 'xfs_buffered_write_iomap_begin',
  endName: 'xfs_buffered_write_iomap_end',
  begin(ctx, pos, length) {
    const { fs, entry } = ctx;
    const r = xfsBufferedWriteIomapBegin(
      entry.inode,
      { refcounts: fs.refcounts, space: fs.space },
      pos,
      length,
      fs.geo.pageSize,
    );
    if (!r.ok) return r;
    const maps = r.value;
    if (maps.reserved !== null)
      fs.rec.call(
        'xfs_bmapi_reserve_delalloc',
        () =>
          `reserve ${String(maps.reserved?.blockcount)} delalloc block(s) at file block ${String(maps.reserved?.startoff)} in the ${maps.fork} fork (${String(fs.space.fdblocks)} blocks left free)`,
        () => undefined,
      );
    return {
      ok: true,
      value: { iomap: maps.iomap, srcmap: maps.srcmap, private: maps },
    };
  },
  end(ctx, pos, length, written, maps) {
    const { fs, entry } = ctx;
    const punched = xfsBufferedWriteIomapEnd(
      entry.inode,
      fs.space,
      maps.iomap,
      pos,
      length,
      written,
      (b) => entry.dirtyBlock(b),
    );
    if (punched !== null && punched.blocks > 0)
      fs.rec.call(
        'xfs_buffered_write_delalloc_punch',
        () =>
          `the write stopped short: ${String(punched.blocks)} unused delalloc block(s) of the ${punched.fork} fork go back`,
        () => undefined,
      );
  },
  source(ctx, maps) {
    const src = iterSrcmap(maps);
    return v55Source(
      ctx.entry.inode.isize,
      src,
      src === maps.iomap ? 'iomap' : 'srcmap (the data-fork extent)',
    );
  },
  clampToSrcmap: true,
};

/** write(2) of ctx.buf at `pos` on XFS. */
export function xfsFileBufferedWrite(
  ctx: XfsWriteContext,
  pos: number,
  len: number,
): Result<number> {
  return iomapFileBufferedWrite(ctx, pos, len, XFS_WRITE_OPS);
}
