// xfs_buffered_write_iomap_end: a short write gives back the delalloc blocks its iteration reserved and
// did not use; a full write, a mapping it did not reserve, and dirty blocks keep theirs.
import { describe, expect, it } from 'vitest';
import { xfsBufferedWriteIomapBegin } from './bufferedIomapBegin.ts';
import { xfsBufferedWriteIomapEnd } from './bufferedIomapEnd.ts';
import { XfsSpace } from './freeSpace.ts';
import { XfsInode } from './inode.ts';

const BS = 4096;
const none = () => false;

function holeWrite(pos: number, count: number) {
  const ip = new XfsInode({ ino: 1, blockSize: BS });
  const space = new XfsSpace(1000, 10);
  const r = xfsBufferedWriteIomapBegin(
    ip,
    { refcounts: [], space },
    pos,
    count,
    BS,
  );
  if (!r.ok) throw new Error(r.error.message);
  return { ip, space, iomap: r.value.iomap };
}

describe('xfs_buffered_write_iomap_end', () => {
  it('punches the blocks after the last one written and returns them to fdblocks', () => {
    const { ip, space, iomap } = holeWrite(0, 4 * BS);
    expect(space.fdblocks).toBe(990 - 4);
    // A fault after 5000 bytes: blocks 0 and 1 hold data, blocks 2 and 3 were never written.
    const punched = xfsBufferedWriteIomapEnd(
      ip,
      space,
      iomap,
      0,
      4 * BS,
      5000,
      none,
    );
    expect(punched).toEqual({
      fork: 'data',
      start: 2 * BS,
      end: 4 * BS,
      blocks: 2,
    });
    expect(ip.dataFork).toEqual([
      { state: 'delalloc', startoff: 0, blockcount: 2 },
    ]);
    expect(space.fdblocks).toBe(990 - 2);
    expect(space.delallocBlocks).toBe(2);
    expect(ip.delayedBlocks).toBe(2);
  });

  it('punches from the first block when nothing was written, but keeps blocks whose pages are dirty', () => {
    const { ip, space, iomap } = holeWrite(100, 3 * BS);
    const punched = xfsBufferedWriteIomapEnd(
      ip,
      space,
      iomap,
      100,
      3 * BS,
      0,
      (b) => b === 1,
    );
    expect(punched?.blocks).toBe(3);
    expect(ip.dataFork).toEqual([
      { state: 'delalloc', startoff: 1, blockcount: 1 },
    ]);
  });

  it('does nothing after a full write or for a mapping this call did not reserve', () => {
    const { ip, space, iomap } = holeWrite(0, 2 * BS);
    expect(
      xfsBufferedWriteIomapEnd(ip, space, iomap, 0, 2 * BS, 2 * BS, none),
    ).toBeNull();
    const again = xfsBufferedWriteIomapBegin(
      ip,
      { refcounts: [], space },
      0,
      BS,
      BS,
    );
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.iomap.flags).toEqual([]);
    expect(
      xfsBufferedWriteIomapEnd(ip, space, again.value.iomap, 0, BS, 0, none),
    ).toBeNull();
    expect(ip.dataFork).toEqual([
      { state: 'delalloc', startoff: 0, blockcount: 2 },
    ]);
  });

  it('punches a SHARED mapping in the COW fork: only the blocks of the iteration, not the rest of the hint', () => {
    const ip = new XfsInode({
      ino: 2,
      blockSize: BS,
      isize: 4 * BS,
      dataFork: [
        { state: 'written', startoff: 0, blockcount: 4, startblock: 10 },
      ],
      reflink: true,
    });
    const space = new XfsSpace(1000, 10);
    const refcounts = [{ startblock: 10, blockcount: 4, refcount: 2 }];
    const r = xfsBufferedWriteIomapBegin(
      ip,
      { refcounts, space },
      100,
      200,
      BS,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.iomap.flags).toEqual(['NEW', 'SHARED']);
    const punched = xfsBufferedWriteIomapEnd(
      ip,
      space,
      r.value.iomap,
      100,
      200,
      0,
      none,
    );
    expect(punched).toEqual({ fork: 'cow', start: 0, end: BS, blocks: 1 });
    expect(ip.cowFork).toEqual([
      { state: 'delalloc', startoff: 1, blockcount: 31 },
    ]);
    expect(ip.dataFork).toHaveLength(1);
    expect(space.delallocBlocks).toBe(31);
  });
});
