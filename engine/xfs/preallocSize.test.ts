// Speculative preallocation past EOF, held to Linux 6.18 (tracefs xfs_iomap_prealloc_size and
// xfs_iomap_alloc for a 4 KiB append to files written in one extent and fsynced).
import { describe, expect, it } from 'vitest';
import { xfsBufferedWriteIomapBegin } from './bufferedIomapBegin.ts';
import { XfsSpace } from './freeSpace.ts';
import { XfsInode } from './inode.ts';
import { preallocSize } from './preallocSize.ts';

const BS = 4096;
const KiB = 1024;

function appendTo(size: number, space = new XfsSpace(81920, 64)) {
  const blocks = size / BS;
  const ip = new XfsInode({
    ino: 0x83,
    blockSize: BS,
    isize: size,
    dataFork: [
      { state: 'written', startoff: 0, blockcount: blocks, startblock: 24 },
    ],
  });
  const r = xfsBufferedWriteIomapBegin(
    ip,
    { refcounts: [], space },
    size,
    BS,
    BS,
  );
  return { ip, r, space };
}

describe('xfs_iomap_prealloc_size', () => {
  it.each([
    [64 * KiB, 0x10, 0x20],
    [128 * KiB, 0x20, 0x40],
    [256 * KiB, 0x40, 0x80],
  ])(
    'a 4 KiB append to a %i-byte file reserves delalloc at %i for %i blocks, as 6.18 did',
    (size, startoff, blockcount) => {
      const { ip, r } = appendTo(size);
      expect(r.ok).toBe(true);
      expect(ip.dataFork.at(-1)).toEqual({
        state: 'delalloc',
        startoff,
        blockcount,
      });
    },
  );

  it('gives a file under 64 KiB no preallocation', () => {
    const { ip } = appendTo(32 * KiB);
    expect(ip.dataFork.at(-1)).toEqual({
      state: 'delalloc',
      startoff: 8,
      blockcount: 1,
    });
  });

  it('throttles as free space falls under 5% and retries without it when fdblocks cannot cover it', () => {
    expect(
      preallocSize({
        fork: [
          { state: 'written', startoff: 0, blockcount: 64, startblock: 24 },
        ],
        blockSize: BS,
        isize: 256 * KiB,
        offset: 256 * KiB,
        count: BS,
        freeBlocks: 3000,
        lowSpaceShift: 2,
      }),
    ).toBe(32);
    const tight = new XfsSpace(200, 10);
    tight.reserveDelalloc(185);
    const { ip, r } = appendTo(64 * KiB, tight);
    expect(r.ok).toBe(true);
    expect(ip.dataFork.at(-1)).toEqual({
      state: 'delalloc',
      startoff: 16,
      blockcount: 1,
    });
  });
});
