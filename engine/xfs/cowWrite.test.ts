// A buffered write on XFS through the generic iomap core, and its writeback, held to Linux 6.18: S2's
// 200-byte overwrite of a reflinked 16 KiB file (the xfs-srcmap fixture, and tracefs for the writeback:
// xfs_map_blocks_alloc took all 32 COW blocks, xfs_reflink_end_cow remapped one, the old block lost a
// reference).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserBuffer } from '../iomap/userBuffer.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { builtin } from '../testing/runScenario.ts';
import { Recorder } from '../trace/recorder.ts';
import type { XfsFile } from './fs.ts';
import { prepareXfs } from './mkfs.ts';
import { xfsReadRange } from './readFile.ts';
import { xfsWritepages } from './writeback.ts';
import { xfsFileBufferedWrite } from './writeOps.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../conformance/fixtures/xfs-srcmap.json', import.meta.url),
    'utf8',
  ),
) as {
  iterations: unknown[];
  sha256: string;
  write: { offset: number; length: number };
};

function s2Shared() {
  const s = builtin('S2');
  const scenario = {
    ...s,
    files: s.files.map((f) => ({
      ...f,
      extents: f.extents.map((e) => ({ ...e, shared: true })),
    })),
  };
  const rec = new Recorder(true);
  const fs = prepareXfs(
    scenario,
    MemoryDisk.create(scenario.geometry.deviceSize),
    rec,
  );
  const file = fs.byName('F') as XfsFile;
  return { fs, file, rec, op: scenario.ops[0] };
}

function write(
  fs: ReturnType<typeof s2Shared>['fs'],
  file: XfsFile,
  pos: number,
  len: number,
  byte: number,
) {
  return xfsFileBufferedWrite(
    { fs, entry: file, buf: new UserBuffer(len, { byte }, 1), base: pos },
    pos,
    len,
  );
}

describe('S2 on XFS: an unaligned overwrite of a reflinked file', () => {
  it('runs one iteration with the fixture iomap and srcmap, reading the old block from the srcmap', () => {
    const { fs, file, rec, op } = s2Shared();
    if (op?.op !== 'write') throw new Error('S2 starts with a write');
    const byte = op.pattern === 'op-index' ? 2 : op.pattern.byte;
    expect(write(fs, file, op.offset, op.length, byte)).toEqual({
      ok: true,
      value: 200,
    });
    const iters = rec.events.flatMap((e) =>
      (e.changes ?? []).flatMap((c) =>
        c.table === 'iter' && c.after !== null ? [c.after] : [],
      ),
    );
    expect(iters.map((i) => ({ dstmap: i.iomap, srcmap: i.srcmap }))).toEqual(
      fixture.iterations,
    );
    expect(
      rec.events.some(
        (e) =>
          e.kind === 'call.enter' && e.fn === 'xfs_buffered_write_iomap_begin',
      ),
    ).toBe(true);
    expect(fs.counters.end()).toBeDefined();
    // Block 0's old bytes were read (the srcmap is MAPPED), so the page holds old, new, old.
    const page = file.mapping.find(0);
    expect(page?.data[99]).not.toBe(byte);
    expect(page?.data[100]).toBe(byte);
  });

  it('writeback allocates the whole COW reservation, remaps the written block and drops the old reference', () => {
    const { fs, file, op } = s2Shared();
    if (op?.op !== 'write') throw new Error('S2 starts with a write');
    const byte = op.pattern === 'op-index' ? 2 : op.pattern.byte;
    const old = file.inode.dataFork[0];
    if (old?.state !== 'written') throw new Error('S2 starts written');
    const freeBefore = fs.space.fdblocks;
    write(fs, file, op.offset, op.length, byte);
    expect(fs.space.fdblocks).toBe(freeBefore - 32);
    xfsWritepages(fs, file);
    const cowBlock = file.inode.dataFork[0];
    if (cowBlock?.state !== 'written')
      throw new Error('block 0 is not written');
    expect(cowBlock).toMatchObject({ startoff: 0, blockcount: 1 });
    expect(file.inode.dataFork[1]).toEqual({
      ...old,
      startoff: 1,
      blockcount: 3,
      startblock: old.startblock + 1,
    });
    // The rest of the 32-block COW allocation stays in the COW fork, unwritten, for later writes.
    expect(file.inode.cowFork).toEqual([
      {
        state: 'unwritten',
        startoff: 1,
        blockcount: 31,
        startblock: cowBlock.startblock + 1,
      },
    ]);
    // Old block 0 is the clone's alone now; blocks 1-3 are still shared.
    expect(fs.refcounts).toEqual([
      { startblock: old.startblock + 1, blockcount: 3, refcount: 2 },
    ]);
    expect(fs.space.delallocBlocks).toBe(0);
    expect(file.inode.delayedBlocks).toBe(0);
    const bytes = xfsReadRange(fs, file, 0, file.inode.isize);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      fixture.sha256,
    );
    // The bytes on disk, read through the data fork with the page cache dropped, are the same.
    for (const page of file.mapping.all()) file.mapping.remove(page, 'drop');
    expect(
      createHash('sha256')
        .update(xfsReadRange(fs, file, 0, file.inode.isize))
        .digest('hex'),
    ).toBe(fixture.sha256);
  });
});
