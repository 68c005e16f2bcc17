// Builds the prepared filesystem a scenario starts from: other files' usage, the named disk extents with
// their contents and checksums, the file extent items, and the warm pages of the page cache.

import { InvariantError } from '../core/assert.ts';
import { crc32c } from '../core/crc32c.ts';
import { formatSize, MiB, shortSize } from '../core/units.ts';
import { Fs, type FsInode, type FsOptions } from '../btrfs/fs.ts';
import { mountFs } from '../btrfs/mount.ts';
import { chunkAlloc } from '../btrfs/space/chunkAlloc.ts';
import { maxDataChunkSize } from '../btrfs/space/chunkSize.ts';
import { mkfsChunks } from '../btrfs/space/mkfsLayout.ts';
import { attachSpaceFlusher } from '../btrfs/spaceFlusher.ts';
import { commitTransaction } from '../btrfs/transaction.ts';
import { formatImage } from '../disk/format/image.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import type { FileDef, Scenario } from '../scenario/types.ts';
import { InitialContent } from '../scenario/initialContent.ts';
import type { Recorder } from '../trace/recorder.ts';

/**
 * A scenario that passed validation but whose extents do not fit the block groups its device can hold (how
 * much data the chunks hold depends on mkfs's layout and the chunk sizes, which validation does not model).
 * Entry points report its message as they report a validation error; it is not a broken invariant.
 */
export class ScenarioDoesNotFit extends Error {
  override readonly name = 'ScenarioDoesNotFit';
}

/**
 * Makes the scenario's filesystem on `disk` (mkfs, the prepared files and extents, a commit), then mounts it
 * as a simulation starts: from the disk, with only the scenario's warm pages in the page cache. Records
 * nothing: the caller reports the mounted filesystem's records as the setup step.
 */
export function prepareFs(
  scenario: Scenario,
  disk: BlockDevice,
  rec: Recorder,
  options: FsOptions = {},
): Fs {
  return rec.mute(() => {
    const { geometry } = scenario;
    const content = new InitialContent(scenario);
    const made = formatImage(disk, {
      seed: scenario.seed,
      sectorsize: geometry.sectorSize,
      nodesize: geometry.nodeSize,
    });
    if (!made.ok)
      throw new InvariantError(`scenario setup: ${made.error.message}`);
    const built = new Fs(
      geometry,
      disk,
      rec,
      {
        superblock: made.value,
        nodes: new Set(),
        globalTreeBytes: 0,
        trees: new Map(),
      },
      options,
    );
    attachSpaceFlusher(built);
    for (const chunk of mkfsChunks(disk.size())) built.addChunk(chunk);
    const disks = new Map<string, number>();
    for (const file of scenario.files) setupFile(built, file, disks, content);
    const { dataUsedByOthers, dataFree } = scenario.space;
    if (dataFree !== undefined) {
      while (chunkAlloc(built, 'data', 'force', 'setup') === 'allocated');
      const rest = built.data.total - built.data.used - dataFree;
      if (rest < 0)
        throw new ScenarioDoesNotFit(
          `the scenario does not fit its device: the files leave ${shortSize(rest + dataFree)} of data space, less than space.dataFree (${shortSize(dataFree)})`,
        );
      fillOthers(built, rest);
    } else fillOthers(built, dataUsedByOthers);
    commitTransaction(built, 'mkfs and the prepared files');
    const mounted = mountFs(disk, {
      pageSize: geometry.pageSize,
      rec,
      names: built.extentTree,
      ...options,
    });
    if (!mounted.ok)
      throw new InvariantError(`scenario setup: ${mounted.error.message}`);
    const fs = mounted.value.fs;
    for (const file of scenario.files) {
      const entry = fs.byName(file.name);
      if (entry === undefined)
        throw new InvariantError(`scenario setup: ${file.name} did not mount`);
      warmPages(fs, entry, file, content);
    }
    return fs;
  });
}

/** Why no data block group can hold `bytes` for `what`: larger than any data chunk the device makes, or full. */
function doesNotFit(fs: Fs, bytes: number, what: string): string {
  const device = fs.space.chunks.deviceSize;
  const largest = maxDataChunkSize(device);
  return bytes > largest
    ? `the scenario does not fit its device: ${what} is ${shortSize(bytes)}, but an extent lies inside one block group and a data block group on a ${formatSize(device)} device is at most ${formatSize(largest)} (10% of the device, rounded up to 16 MiB); split it into smaller extents or give a larger geometry.deviceSize`
    : `the scenario does not fit its device: no data block group has room for ${what} (${shortSize(bytes)}), and the ${formatSize(device)} device has no unallocated space left for another (mkfs's metadata and system block groups and the extents before it hold the rest)`;
}

/** Data space for a setup extent: the first fit, allocating data chunks while none is large enough. */
function allocate(fs: Fs, bytes: number, name: string): number {
  for (;;) {
    const bytenr = fs.extentTree.findFree(bytes);
    if (bytenr !== null) {
      fs.extentTree.reserveRange(bytenr, bytes, name);
      fs.space.account(bytenr, { used: bytes });
      return bytenr;
    }
    if (chunkAlloc(fs, 'data', 'force', 'setup') !== 'allocated')
      throw new ScenarioDoesNotFit(
        doesNotFit(fs, bytes, `disk extent ${name}`),
      );
  }
}

/**
 * Other files' data: `bytes` of extents (shared with a snapshot, so nocow refuses them), each as large as a
 * free range allows, allocating data chunks as they fill.
 */
function fillOthers(fs: Fs, bytes: number): void {
  for (let left = bytes; left > 0;) {
    const size = Math.min(left, fs.extentTree.largestFree());
    // With nothing free, size is 0 and there is no run to find.
    const bytenr = fs.extentTree.findFree(size);
    if (bytenr === null) {
      if (chunkAlloc(fs, 'data', 'force', 'setup') !== 'allocated')
        throw new ScenarioDoesNotFit(
          `the scenario does not fit its device: no data block group has room for ${shortSize(left)} more of other files (space.dataUsedByOthers)`,
        );
      continue;
    }
    fs.extentTree.reserveRange(bytenr, size, 'others');
    fs.space.account(bytenr, { used: size });
    fs.extentTree.insertItem({
      bytenr,
      numBytes: size,
      refs: 1,
      name: 'others',
      shared: true,
    });
    left -= size;
  }
}

function setupFile(
  fs: Fs,
  file: FileDef,
  disks: Map<string, number>,
  content: InitialContent,
): void {
  const entry = fs.createInode(file.name, file.size, file.flags);
  const ss = fs.geo.sectorSize;
  for (const ext of file.extents) {
    let bytenr = disks.get(ext.disk);
    if (bytenr === undefined) {
      const size = content.diskSize(ext.disk);
      bytenr = allocate(fs, size, ext.disk);
      // A shared extent also carries the reference of the snapshot root that shares it.
      fs.extentTree.insertItem({
        bytenr,
        numBytes: size,
        refs: ext.shared ? 2 : 1,
        name: ext.disk,
        shared: ext.shared,
      });
      disks.set(ext.disk, bytenr);
    } else {
      const item = fs.extentTree.get(bytenr);
      if (item !== undefined) fs.extentTree.setRefs(bytenr, item.refs + 1);
    }
    entry.extents.insert({
      ino: entry.inode.ino,
      offset: ext.offset,
      numBytes: ext.length,
      type: ext.type,
      diskBytenr: bytenr,
      diskNumBytes: fs.extentTree.get(bytenr)?.numBytes ?? ext.length,
      extentOffset: ext.diskOffset,
      ramBytes: ext.length,
    });
    const at = bytenr + ext.diskOffset;
    for (let done = 0; done < ext.length; done += MiB) {
      const n = Math.min(MiB, ext.length - done);
      const bytes = new Uint8Array(n);
      content.readDisk(ext.disk, ext.diskOffset + done, bytes);
      fs.disk.write(at + done, bytes);
      if (ext.type === 'regular' && !entry.inode.nodatasum) {
        for (let s = 0; s < n; s += ss)
          fs.extentTree.setCsum(
            at + done + s,
            crc32c(bytes.subarray(s, s + ss)),
          );
      }
    }
  }
  entry.inode.update(() => {
    entry.inode.nbytes = file.extents.reduce((n, e) => n + e.length, 0);
  });
}

/** The scenario's cached ranges start in the page cache: uptodate, clean, with the file's bytes. */
function warmPages(
  fs: Fs,
  entry: FsInode,
  file: FileDef,
  content: InitialContent,
): void {
  const ps = fs.geo.pageSize;
  for (const range of file.cached) {
    for (
      let index = Math.floor(range.offset / ps);
      index * ps < range.offset + range.length;
      index++
    ) {
      if (entry.mapping.find(index) !== undefined) continue;
      const bytes = new Uint8Array(ps);
      content.readFile(file, index * ps, bytes);
      entry.mapping.insertCached(index, bytes);
    }
  }
}
