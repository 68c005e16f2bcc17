// iomap_file_buffered_write's loops under a toy host: the iteration loop (an error after some bytes were
// written, the srcmap clamp) and the write actor's retry after a short copy.
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../core/errno.ts';
import { PG } from '../trace/records.ts';
import { TOY_PAGE, toyHost } from '../testing/toyIomapHost.ts';
import {
  iomapFileBufferedWrite,
  type IomapWriteOps,
  type IterMaps,
} from './bufferedWrite.ts';
import { makeIomap } from './iomap.ts';
import { UserBuffer } from './userBuffer.ts';
import type { WriteContext } from './writeContext.ts';

const PAGE = TOY_PAGE;

/** Toy ops: `begin` decides the maps; every partial block is zeroed (the toy file holds no old data). */
function ops(
  begin: (pos: number, length: number) => Result<IterMaps<null>>,
  clampToSrcmap = false,
): IomapWriteOps<null> {
  return {
    beginName: 'toy_iomap_begin',
    endName: 'toy_iomap_end',
    begin: (_ctx, pos, length) => begin(pos, length),
    end: () => undefined,
    source: () => () => ({ action: 'zero', why: 'toy' }),
    clampToSrcmap,
  };
}

/** A write of `len` bytes at `pos` into an empty toy file; the counters the core bumped, and the file. */
function write(
  pos: number,
  len: number,
  writeOps: IomapWriteOps<null>,
  buf = new UserBuffer(len, { byte: 0x11 }, 1),
) {
  const { host, file, inode, counted } = toyHost(new Uint8Array(8 * PAGE), 0);
  const ctx: WriteContext = { fs: host, entry: file, buf, base: pos };
  const result = iomapFileBufferedWrite(ctx, pos, len, writeOps);
  return { result, counted, file, inode };
}

/** A map of the whole request as DELALLOC, with `srcmap`. */
function delalloc(srcmap: (pos: number) => IterMaps<null>['srcmap']) {
  return (pos: number, length: number) =>
    ok({
      iomap: makeIomap('DELALLOC', pos, length),
      srcmap: srcmap(pos),
      private: null,
    });
}

describe('iomap_file_buffered_write: the iteration loop', () => {
  it('returns the bytes written when a later ->iomap_begin fails, and the error when the first one does', () => {
    // The kernel returns an error only when nothing was written; otherwise the short count.
    const onePageThenEnospc = ops((pos, length) =>
      pos === 0
        ? ok({
            iomap: makeIomap('DELALLOC', 0, Math.min(length, PAGE)),
            srcmap: null,
            private: null,
          })
        : fail('ENOSPC', 'no space'),
    );
    const short = write(0, 3 * PAGE, onePageThenEnospc);
    expect(short.result).toEqual(ok(PAGE));
    expect(short.inode.isize).toBe(PAGE);
    expect(short.counted.get('iomapBeginCalls')).toBe(2);
    expect(write(PAGE, PAGE, onePageThenEnospc).result).toEqual(
      fail('ENOSPC', 'no space'),
    );
  });

  it('clamps an iteration to the srcmap only for a design that asks, and only to a srcmap that is not a HOLE', () => {
    // v5.5 iomap_apply: length = min(iomap end, srcmap end) when the srcmap is used (type != HOLE).
    const mapped = (pos: number) =>
      makeIomap('MAPPED', pos, 1024, 4 * PAGE + pos);
    const hole = (pos: number) => makeIomap('HOLE', pos, 1024);
    const calls = (writeOps: IomapWriteOps<null>) => {
      const w = write(100, 2 * PAGE, writeOps);
      expect(w.result).toEqual(ok(2 * PAGE));
      return w.counted.get('iomapBeginCalls');
    };
    // Clamped: [100, 1124) first, then each later iteration maps 1 KiB again.
    expect(calls(ops(delalloc(mapped), true))).toBe(
      1 + Math.ceil((2 * PAGE - 1024) / 1024),
    );
    expect(calls(ops(delalloc(mapped), false))).toBe(1);
    expect(calls(ops(delalloc(hole), true))).toBe(1);
    expect(
      calls(
        ops(
          delalloc(() => null),
          true,
        ),
      ),
    ).toBe(1);
  });
});

/** A user buffer whose pages are unmapped for good: every copy_from_user copies nothing. */
class UnmappedBuffer extends UserBuffer {
  copies = 0;
  override copyTo(): number {
    this.copies++;
    return 0;
  }
}

describe('iomap_write_actor: a short copy', () => {
  const wholeFile = ops(delalloc(() => null));

  it('retries a copy that copied nothing once, then gives up with nothing written or dirtied', () => {
    const buf = new UnmappedBuffer(PAGE, { byte: 0x11 }, 1);
    const w = write(0, PAGE, wholeFile, buf);
    expect(w.result).toEqual(ok(0));
    expect(buf.copies).toBe(2);
    expect(w.counted.get('iomapBeginCalls')).toBe(1);
    expect(w.inode.isize).toBe(0);
    expect(w.file.mapping.find(0)?.has(PG.dirty)).toBe(false);
  });

  it('a fault in a later page is retried within the same iteration, after the pages before it were copied', () => {
    // Page 1 is written whole, so it is not uptodate: write_end counts the short copy as nothing, and the
    // actor faults the user page in and copies again without ending the iteration.
    const buf = new UserBuffer(2 * PAGE, { byte: 0x11 }, 1, PAGE + 500);
    const w = write(0, 2 * PAGE, wholeFile, buf);
    expect(w.result).toEqual(ok(2 * PAGE));
    expect(w.counted.get('iomapBeginCalls')).toBe(1);
    expect(w.counted.get('bytesCopied')).toBe(2 * PAGE + 500);
    expect(w.file.mapping.find(1)?.data[PAGE - 1]).toBe(0x11);
  });
});
