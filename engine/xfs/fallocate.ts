// fallocate(2) on XFS (xfs_file_fallocate): allocate (with or without KEEP_SIZE) as unwritten extents over
// the holes (xfs_alloc_file_space), PUNCH_HOLE (xfs_free_file_space: whole blocks unmapped, partial ones
// zeroed) and ZERO_RANGE (a punch, then unwritten blocks over the range). Rule: bytes punched or zeroed read
// as zeros; i_size grows only without KEEP_SIZE, through xfs_setattr_size.

import { vfsFallocateChecks } from '../core/fallocateChecks.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import type { FallocMode } from '../scenario/types.ts';
import { allocTarget } from './allocTarget.ts';
import { extentEnd, insertExtent, lookupMapping } from './forkExtents.ts';
import type { XfsFile, XfsFs } from './fs.ts';
import { xfsSetattrSize } from './setattrSize.ts';
import { unmapDataBlocks } from './unmapRange.ts';
import { xfsWritepages } from './writeback.ts';
import { xfsZeroRange } from './zeroRange.ts';

export interface XfsFallocateArgs {
  readonly mode: FallocMode;
  readonly offset: number;
  readonly length: number;
  readonly keepSize: boolean;
}

/** Why collapse and insert are refused (validation says it before a run starts). */
export const XFS_SHIFT_REFUSED =
  'collapse-range and insert-range shift every extent after the range (xfs_collapse_file_space / xfs_insert_file_space); the XFS model does not shift extents';

export function xfsFallocate(
  fs: XfsFs,
  file: XfsFile,
  args: XfsFallocateArgs,
): Result<void> {
  const { mode, offset, length, keepSize } = args;
  const vfs = vfsFallocateChecks(mode, length, keepSize);
  if (!vfs.ok) return vfs;
  if (mode === 'collapse-range' || mode === 'insert-range')
    return fail('EOPNOTSUPP', XFS_SHIFT_REFUSED);
  const end = offset + length;
  return fs.rec.call(
    'xfs_file_fallocate',
    () =>
      `${mode} [${String(offset)}, +${String(length)})${keepSize ? ' keeping the size' : ''}`,
    () => {
      if (mode !== 'allocate') {
        const freed = xfsFreeFileSpace(fs, file, offset, length);
        if (!freed.ok) return freed;
      }
      if (mode !== 'punch-hole') {
        const allocated = xfsAllocFileSpace(fs, file, offset, length);
        if (!allocated.ok) return allocated;
      }
      if (!keepSize && end > file.inode.isize)
        return xfsSetattrSize(fs, file, end);
      return ok(undefined);
    },
  );
}

/**
 * xfs_flush_unmap_range then xfs_free_file_space: the range's pages are written back and dropped, the
 * whole blocks inside it unmapped, and the partial blocks at its edges zeroed up to i_size.
 * SIMPLIFICATION: the whole file is written back, not only the range (the same bytes reach the disk).
 */
export function xfsFreeFileSpace(
  fs: XfsFs,
  file: XfsFile,
  offset: number,
  length: number,
): Result<void> {
  const ip = file.inode;
  const bs = ip.blockSize;
  const ps = file.mapping.pageSize;
  const unit = Math.max(bs, ps);
  return fs.rec.call(
    'xfs_free_file_space',
    () =>
      `free the whole blocks of [${String(offset)}, +${String(length)}), zero the rest`,
    () => {
      xfsWritepages(fs, file);
      file.mapping.truncateRange(
        Math.floor(offset / unit) * unit,
        Math.ceil((offset + length) / unit) * unit,
        'truncate_pagecache_range',
      );
      unmapDataBlocks(
        fs,
        ip,
        Math.ceil(offset / bs),
        Math.floor((offset + length) / bs),
      );
      if (offset >= ip.isize) return ok(undefined);
      return xfsZeroRange(
        fs,
        file,
        offset,
        Math.min(offset + length, ip.isize),
      );
    },
  );
}

/**
 * xfs_alloc_file_space: unwritten extents over the holes of the blocks [offset, offset+length) touches,
 * each placed by the near allocator. ENOSPC when the holes need more blocks than are free.
 * SIMPLIFICATION: all or nothing (the kernel allocates in transactions and may stop part way), and
 * delalloc blocks in the range stay delalloc (the kernel converts them as it goes).
 */
export function xfsAllocFileSpace(
  fs: XfsFs,
  file: XfsFile,
  offset: number,
  length: number,
): Result<void> {
  const ip = file.inode;
  const bs = ip.blockSize;
  const first = Math.floor(offset / bs);
  const last = Math.ceil((offset + length) / bs);
  const holes: { off: number; len: number }[] = [];
  for (let b = first; b < last;) {
    const m = lookupMapping(ip.dataFork, b, last);
    if (m.state === 'hole') holes.push({ off: m.startoff, len: m.blockcount });
    b = extentEnd(m);
  }
  const need = holes.reduce((n, h) => n + h.len, 0);
  if (need === 0) return ok(undefined);
  if (need > fs.space.fdblocks)
    return fail(
      'ENOSPC',
      `fallocate needs ${String(need)} blocks, ${String(fs.space.fdblocks)} are free`,
    );
  return fs.rec.call(
    'xfs_alloc_file_space',
    () => `allocate ${String(need)} unwritten block(s) over the holes`,
    () => {
      ip.withIlock(() => {
        for (const hole of holes)
          for (let done = 0; done < hole.len;) {
            const at = hole.off + done;
            const got = fs.space.allocateNow(
              hole.len - done,
              allocTarget(ip.dataFork, at, hole.len - done, ip.ino, bs),
            );
            ip.dataFork = insertExtent(ip.dataFork, {
              state: 'unwritten',
              startoff: at,
              blockcount: got.blockcount,
              startblock: got.startblock,
            });
            done += got.blockcount;
          }
      });
      return ok(undefined);
    },
  );
}
