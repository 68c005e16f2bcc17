// Builds the XFS filesystem a scenario starts from (mkfs.xfs -m reflink=1, then the prepared files): each
// file's extents placed in free space with their contents written, shared disk extents counted in the
// refcount records, and the warm pages cached. Rule: records nothing; the caller narrates the setup.

import { InvariantError } from '../core/assert.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import { inodeBlock } from './allocTarget.ts';
import { InitialContent } from '../scenario/initialContent.ts';
import type { FileDef, Scenario } from '../scenario/types.ts';
import type { Recorder } from '../trace/recorder.ts';
import { insertExtent, type ForkExtents } from './forkExtents.ts';
import { XfsFs } from './fs.ts';
import { checkRefcounts, type RefcountRecord } from './sharedBlocks.ts';

/**
 * The scenario's files on a fresh XFS of the device's size. An extent that names a disk extent already
 * placed shares its blocks (a reflink), and `shared: true` adds the reference of a clone outside the
 * scenario; either makes the file a reflink inode.
 * SIMPLIFICATION: space.dataUsedByOthers and dataFree are not modelled on XFS (validation refuses them).
 */
export function prepareXfs(
  scenario: Scenario,
  device: BlockDevice,
  rec: Recorder,
): XfsFs {
  return rec.mute(() => {
    const { pageSize, sectorSize } = scenario.geometry;
    const fs = new XfsFs({ pageSize, blockSize: sectorSize }, device, rec);
    const content = new InitialContent(scenario);
    const disks = new Map<string, number>();
    const refs = new Map<number, number>();
    for (const file of scenario.files)
      setupFile(fs, file, content, disks, refs);
    const records: RefcountRecord[] = [];
    for (const [block, count] of [...refs].sort((a, b) => a[0] - b[0])) {
      if (count < 2) continue;
      const last = records.at(-1);
      if (
        last !== undefined &&
        last.refcount === count &&
        last.startblock + last.blockcount === block
      )
        records[records.length - 1] = {
          ...last,
          blockcount: last.blockcount + 1,
        };
      else records.push({ startblock: block, blockcount: 1, refcount: count });
    }
    fs.refcounts = checkRefcounts(records);
    return fs;
  });
}

function setupFile(
  fs: XfsFs,
  file: FileDef,
  content: InitialContent,
  disks: Map<string, number>,
  refs: Map<number, number>,
): void {
  const bs = fs.geo.blockSize;
  let fork: ForkExtents = [];
  let reflink = false;
  for (const ext of file.extents) {
    let first = disks.get(ext.disk);
    if (first === undefined) {
      const size = Math.ceil(content.diskSize(ext.disk) / bs);
      const got = fs.space.allocateNow(
        size,
        inodeBlock(fs.nextInodeNumber(), bs),
      );
      if (got.blockcount < size)
        throw new InvariantError(
          `mkfs: no free run of ${String(size)} blocks for disk extent ${ext.disk}`,
        );
      first = got.startblock;
      disks.set(ext.disk, first);
      const bytes = new Uint8Array(size * bs);
      content.readDisk(ext.disk, 0, bytes);
      fs.device.write(first * bs, bytes);
    } else reflink = true;
    const startblock = first + ext.diskOffset / bs;
    const blockcount = ext.length / bs;
    for (let b = startblock; b < startblock + blockcount; b++)
      refs.set(b, (refs.get(b) ?? 0) + (ext.shared ? 2 : 1));
    reflink ||= ext.shared;
    fork = insertExtent(fork, {
      state: ext.type === 'prealloc' ? 'unwritten' : 'written',
      startoff: ext.offset / bs,
      blockcount,
      startblock,
    });
  }
  const created = fs.createFile(file.name, {
    isize: file.size,
    dataFork: fork,
    reflink,
    ...(file.cowextsize === undefined
      ? {}
      : { cowextsize: file.cowextsize / bs }),
  });
  const ps = fs.geo.pageSize;
  for (const range of file.cached)
    for (
      let index = Math.floor(range.offset / ps);
      index * ps < range.offset + range.length;
      index++
    ) {
      if (created.mapping.find(index) !== undefined) continue;
      const bytes = new Uint8Array(ps);
      content.readFile(file, index * ps, bytes);
      created.mapping.insertCached(index, bytes);
    }
}
