// The iomap core runs under any host that implements host.ts: a toy filesystem of a few lines (one mapped
// extent over a byte array) drives a buffered write through it, with no btrfs anywhere.
import { describe, expect, it } from 'vitest';
import { ok } from '../core/errno.ts';
import { TOY_BLOCK, TOY_PAGE, toyHost } from '../testing/toyIomapHost.ts';
import { iomapFileBufferedWrite, type IomapWriteOps } from './bufferedWrite.ts';
import { makeIomap } from './iomap.ts';
import { UserBuffer } from './userBuffer.ts';
import type { WriteContext } from './writeContext.ts';

const PAGE = TOY_PAGE;
const BLOCK = TOY_BLOCK;

/** ->iomap_begin maps the whole file as MAPPED at disk address pos; write_begin reads what it needs. */
const MAPPED_OPS: IomapWriteOps<null> = {
  beginName: 'toy_iomap_begin',
  endName: 'toy_iomap_end',
  begin: (_ctx, pos, length) =>
    ok({
      iomap: makeIomap('MAPPED', pos, length, pos),
      srcmap: null,
      private: null,
    }),
  end: () => undefined,
  source: () => (start) => ({
    action: 'read',
    bytenr: start,
    why: 'old bytes',
  }),
  clampToSrcmap: false,
};

describe('the iomap core under a host that is not btrfs', () => {
  it('reads the partial blocks from the host disk, copies the user bytes and extends i_size', () => {
    const disk = new Uint8Array(4 * PAGE).fill(0xab);
    const { host, file, inode, counted } = toyHost(disk, 2 * PAGE);
    const ctx: WriteContext = {
      fs: host,
      entry: file,
      buf: new UserBuffer(3000, { byte: 0x11 }, 1),
      base: 2 * PAGE - 1000,
    };
    const r = iomapFileBufferedWrite(ctx, 2 * PAGE - 1000, 3000, MAPPED_OPS);
    expect(r).toEqual(ok(3000));
    expect(inode.isize).toBe(2 * PAGE + 2000);
    const [first, second] = [file.mapping.find(1), file.mapping.find(2)];
    // Page 1: bytes before the write come from the disk (one partial block read), the rest from the user.
    expect(first?.data[PAGE - 1001]).toBe(0xab);
    expect(first?.data[PAGE - 1000]).toBe(0x11);
    // Page 2: the write ends inside block 1, so the run of blocks 0-1 is read whole (the toy never zeroes).
    expect(second?.data[1999]).toBe(0x11);
    expect(second?.data[2000]).toBe(0xab);
    expect(Object.fromEntries(counted)).toEqual({
      iomapBeginCalls: 1,
      syncReads: 2,
      bytesRead: 3 * BLOCK,
      bytesCopied: 3000,
    });
  });
});
