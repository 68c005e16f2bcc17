// iomap_file_buffered_write: the iomap_apply / iomap_iter loop (->iomap_begin, the write actor,
// ->iomap_end) and the actor's per-page write_begin, copy and write_end. The design under review supplies
// the ops: how the maps are built, where write_begin's source comes from, and how the length is clamped.

import { fail, ok, type Result } from '../core/errno.ts';
import { shortSize } from '../core/units.ts';
import type { Page } from '../pagecache/page.ts';
import { PG, type IomapRec } from '../trace/records.ts';
import { describeMap } from './iomap.ts';
import { iomapWriteBeginRuns, type SourcePolicy } from './writeBegin.ts';
import type { WriteContext } from './writeContext.ts';

export interface IterMaps<P = unknown> {
  readonly iomap: IomapRec;
  /** null where the design has no srcmap; a HOLE srcmap means "same as iomap" (v5.5). */
  readonly srcmap: IomapRec | null;
  /** The filesystem's per-iteration state (btrfs: its reservation and locked range). */
  readonly private: P;
}

/** A filesystem's ->iomap_begin/_end; `C` is the write context narrowed to the filesystem's own types. */
export interface IomapWriteOps<
  P = unknown,
  C extends WriteContext = WriteContext,
> {
  /** The kernel name of ->iomap_begin, for the call stack. */
  readonly beginName: string;
  readonly endName: string;
  begin(ctx: C, pos: number, length: number): Result<IterMaps<P>>;
  end(
    ctx: C,
    pos: number,
    length: number,
    written: number,
    maps: IterMaps<P>,
  ): void;
  /** write_begin's read-vs-zero source for this iteration's maps. */
  source(ctx: C, maps: IterMaps<P>): SourcePolicy;
  /** v5.5: the iteration length is clamped to the srcmap's end too. */
  readonly clampToSrcmap: boolean;
  /** ->page_done of the design, after write_end (v1: SetPageUptodate + set_page_dirty). */
  pageDone?(ctx: C, page: Page): void;
}

export function iomapFileBufferedWrite<P, C extends WriteContext>(
  ctx: C,
  pos: number,
  len: number,
  ops: IomapWriteOps<P, C>,
): Result<number> {
  const { fs } = ctx;
  return fs.rec.call(
    'iomap_file_buffered_write',
    () => `write ${shortSize(len)} at ${shortSize(pos)} through iomap`,
    () => {
      let written = 0;
      while (written < len) {
        const r = iomapApply(ctx, pos + written, len - written, ops);
        if (!r.ok)
          return written > 0
            ? ok(written)
            : fail(r.error.errno, r.error.message);
        if (r.value === 0) break;
        written += r.value;
      }
      return ok(written);
    },
  );
}

function iomapApply<P, C extends WriteContext>(
  ctx: C,
  pos: number,
  remaining: number,
  ops: IomapWriteOps<P, C>,
): Result<number> {
  const { fs, entry } = ctx;
  return fs.rec.call(
    'iomap_apply',
    () =>
      `map [${shortSize(pos)}, +${shortSize(remaining)}) and run the write actor on it`,
    () => {
      fs.counters.add('iomapBeginCalls');
      const mapped = fs.rec.call(
        ops.beginName,
        'the filesystem reserves space, locks the range and describes the mapping',
        () => ops.begin(ctx, pos, remaining),
      );
      if (!mapped.ok) return mapped;
      const maps = mapped.value;
      let length = Math.min(
        remaining,
        maps.iomap.offset + maps.iomap.length - pos,
      );
      const srcmap = maps.srcmap;
      if (ops.clampToSrcmap && srcmap !== null && srcmap.type !== 'HOLE') {
        length = Math.min(length, srcmap.offset + srcmap.length - pos);
      }
      fs.rec.change('iter', 'current', null, {
        ino: entry.inode.ino,
        pos,
        len: length,
        iomap: maps.iomap,
        srcmap,
      });
      fs.rec.emit(
        'iomap.begin',
        { pos, length, flags: ['WRITE'] },
        () =>
          `iomap ${describeMap(maps.iomap)}${srcmap === null ? '' : `, srcmap ${describeMap(srcmap)}`}: this iteration writes ${shortSize(length)}`,
      );
      const written = writeActor(ctx, pos, length, maps, ops);
      fs.rec.call(
        ops.endName,
        'the filesystem accounts what was written and unlocks',
        () => {
          ops.end(ctx, pos, length, written, maps);
        },
      );
      fs.rec.change(
        'iter',
        'current',
        { ino: entry.inode.ino, pos, len: length, iomap: maps.iomap, srcmap },
        null,
      );
      fs.rec.emit(
        'iomap.end',
        { pos, length, written },
        () => `iteration done: ${shortSize(written)} written`,
      );
      return ok(written);
    },
  );
}

function writeActor<P, C extends WriteContext>(
  ctx: C,
  pos: number,
  length: number,
  maps: IterMaps<P>,
  ops: IomapWriteOps<P, C>,
): number {
  const { fs } = ctx;
  const ps = fs.geo.pageSize;
  return fs.rec.call(
    'iomap_write_actor',
    'copy the user data page by page',
    () => {
      let done = 0;
      let retried = false;
      while (done < length) {
        const at = pos + done;
        const offset = at % ps;
        const bytes = Math.min(ps - offset, length - done);
        const copied = writeOnePage(ctx, at, bytes, maps, ops);
        if (copied === 0) {
          // SIMPLIFICATION: a copy that fails again after the fault-in ends the write with what was copied;
          // the kernel's fault-in fails first and the write returns EFAULT if nothing was copied.
          if (retried) break;
          retried = true; // fault the user page in and try again (iov_iter_fault_in_readable)
          continue;
        }
        retried = false;
        done += copied;
      }
      return done;
    },
  );
}

function writeOnePage<P, C extends WriteContext>(
  ctx: C,
  pos: number,
  bytes: number,
  maps: IterMaps<P>,
  ops: IomapWriteOps<P, C>,
): number {
  const { fs, entry, buf, base } = ctx;
  const ps = fs.geo.pageSize;
  const index = Math.floor(pos / ps);
  const from = pos % ps;
  const page = fs.rec.call(
    'iomap_write_begin',
    () =>
      `prepare page ${String(index)} for [${shortSize(from)}, ${shortSize(from + bytes)})`,
    () => {
      const p = entry.mapping.findOrCreateLocked(index);
      if (p.blocks > 1 && !p.has(PG.private)) {
        entry.mapping.setFlags(
          p,
          PG.private,
          0,
          'iomap_page_create: per-block state hangs off page->private',
        );
      }
      fs.rec.call(
        '__iomap_write_begin',
        'read or zero the blocks the write covers only in part',
        () => {
          iomapWriteBeginRuns(
            ctx,
            p,
            from,
            from + bytes,
            ops.source(ctx, maps),
          );
        },
      );
      return p;
    },
  );
  let copied = buf.copyTo(page.data, from, pos - base, bytes);
  fs.counters.add('bytesCopied', copied);
  fs.rec.emit(
    'page.copy',
    { ino: page.ino, index, from, length: bytes, copied },
    () =>
      copied < bytes
        ? `copy_from_user faulted after ${shortSize(copied)}`
        : `copy ${shortSize(copied)} from the user buffer`,
  );
  copied = fs.rec.call(
    'iomap_write_end',
    'mark the copied blocks uptodate and dirty, extend i_size',
    () => {
      if (copied < bytes && !page.has(PG.uptodate)) {
        fs.rec.emit(
          'page.copy',
          { ino: page.ino, index, from, length: bytes, copied: 0 },
          'a short copy into a page that is not uptodate counts as nothing: retry',
        );
        return 0;
      }
      entry.mapping.setRangeUptodate(page, from, from + copied);
      entry.mapping.setRangeDirty(page, from, from + copied);
      fs.rec.emit(
        'page.flags',
        { ino: page.ino, index },
        () =>
          `blocks of [${shortSize(from)}, ${shortSize(from + copied)}) are uptodate and dirty`,
      );
      entry.inode.extendTo(pos + copied);
      return copied;
    },
  );
  ops.pageDone?.(ctx, page);
  entry.mapping.setFlags(page, 0, PG.locked, 'unlock the page');
  return copied;
}
