// What a mount verifies of the decoded items before it builds a filesystem from them (issue 18, finding 8):
// every fact the engine relies on — no overlaps, every range inside what holds it, sizes within limits,
// reference counts — is checked here and refused as EUCLEAN naming the item, never met as an invariant.
// SIMPLIFICATION: btrfs's tree-checker verifies each item alone at read time and leaves the facts across
// trees (refs, nbytes, block group used) to btrfs check; the engine's invariants rest on those too, so its
// mount checks them as well and refuses an image btrfs would mount and only `btrfs check` would fault.

import { fail, ok, type Result } from '../core/errno.ts';
import { MAX_FILE_SIZE } from '../core/limits.ts';
import { Recorder } from '../trace/recorder.ts';
import type { FileExtentRec } from '../trace/records.ts';
import type { MountedItems } from './metadataItems.ts';
import { ChunkMap } from './space/chunkMap.ts';

type Check = string | null;

/** The first problem of `m`, as EUCLEAN; ok when the items describe one consistent filesystem. */
export function checkMountedItems(
  m: MountedItems,
  sectorSize: number,
  deviceSize: number,
): Result<void> {
  const problem =
    chunksProblem(m, deviceSize) ??
    extentItemsProblem(m, sectorSize) ??
    inodesProblem(m, sectorSize) ??
    refsProblem(m) ??
    groupsProblem(m) ??
    csumsProblem(m, sectorSize);
  return problem === null ? ok(undefined) : fail('EUCLEAN', problem);
}

function chunksProblem(m: MountedItems, deviceSize: number): Check {
  // Stryker disable next-line BooleanLiteral: nothing reads what the scratch map's recorder records
  const map = new ChunkMap(deviceSize, new Recorder(false));
  for (const chunk of m.chunks) {
    const conflict = map.conflict(chunk);
    if (conflict !== null) return `chunk tree: ${conflict}`;
    map.add(chunk);
  }
  return null;
}

function aligned(values: Record<string, number>, sectorSize: number): Check {
  const bad = Object.entries(values).filter(([, v]) => v % sectorSize !== 0);
  return bad.length === 0
    ? null
    : `${bad.map(([k, v]) => `${k} ${String(v)}`).join(', ')} not a multiple of the sector size ${String(sectorSize)}`;
}

/** Extent items: aligned, non-empty, inside one data block group (checked as they decode), disjoint. */
function extentItemsProblem(m: MountedItems, sectorSize: number): Check {
  const sorted = [...m.extents].sort((a, b) => a.bytenr - b.bytenr);
  for (const [i, x] of sorted.entries()) {
    const where = `extent tree: extent item at ${String(x.bytenr)}`;
    const unaligned = aligned(
      { bytenr: x.bytenr, numBytes: x.numBytes },
      sectorSize,
    );
    if (unaligned !== null) return `${where}: ${unaligned}`;
    if (x.numBytes === 0) return `${where}: is empty`;
    const next = sorted[i + 1];
    if (next !== undefined && next.bytenr < x.bytenr + x.numBytes)
      return `${where} (${String(x.numBytes)} bytes) overlaps the extent item at ${String(next.bytenr)}`;
  }
  return null;
}

function fileExtentProblem(
  e: FileExtentRec,
  sectorSize: number,
  extents: ReadonlyMap<number, number>,
): Check {
  const unaligned = aligned(
    {
      offset: e.offset,
      numBytes: e.numBytes,
      extentOffset: e.extentOffset,
      diskBytenr: e.diskBytenr,
      diskNumBytes: e.diskNumBytes,
    },
    sectorSize,
  );
  if (unaligned !== null) return unaligned;
  if (e.numBytes === 0) return 'is empty';
  if (e.offset + e.numBytes > MAX_FILE_SIZE)
    return `ends at ${String(e.offset + e.numBytes)}, past the ${String(MAX_FILE_SIZE)}-byte file size limit`;
  if (e.extentOffset + e.numBytes > e.diskNumBytes)
    return `extentOffset ${String(e.extentOffset)} + numBytes ${String(e.numBytes)} runs past its ${String(e.diskNumBytes)}-byte disk extent`;
  const size = extents.get(e.diskBytenr);
  if (size === undefined)
    return `points at disk ${String(e.diskBytenr)}, where no extent item starts`;
  if (size !== e.diskNumBytes)
    return `records a ${String(e.diskNumBytes)}-byte disk extent, but the extent item at ${String(e.diskBytenr)} holds ${String(size)}`;
  return null;
}

/** Inodes: names a directory entry may hold, each once; sizes within the limit; their file extent items. */
function inodesProblem(m: MountedItems, sectorSize: number): Check {
  const extents = new Map(m.extents.map((x) => [x.bytenr, x.numBytes]));
  const names = new Map<string, number>();
  for (const inode of m.inodes) {
    const where = `fs tree: inode ${String(inode.ino)}`;
    const { name } = inode;
    if (name === '' || name === '.' || name === '..' || /[/\0]/.test(name))
      return `${where}: ${JSON.stringify(name)} cannot name a file (empty, "." or "..", or holding "/" or NUL)`;
    const other = names.get(name);
    if (other !== undefined)
      return `${where}: is named ${JSON.stringify(name)}, as inode ${String(other)} is`;
    names.set(name, inode.ino);
    if (inode.size > MAX_FILE_SIZE)
      return `${where}: size ${String(inode.size)} is past the ${String(MAX_FILE_SIZE)}-byte file size limit`;
    const items = [...inode.extents].sort((a, b) => a.offset - b.offset);
    for (const [i, e] of items.entries()) {
      const problem = fileExtentProblem(e, sectorSize, extents);
      if (problem !== null)
        return `${where} file extent at ${String(e.offset)}: ${problem}`;
      const next = items[i + 1];
      if (next !== undefined && next.offset < e.offset + e.numBytes)
        return `${where}: file extent items at ${String(e.offset)} (${String(e.numBytes)} bytes) and ${String(next.offset)} overlap`;
    }
    const nbytes = items.reduce((n, e) => n + e.numBytes, 0);
    if (inode.nbytes !== nbytes)
      return `${where}: nbytes ${String(inode.nbytes)}, but its file extent items hold ${String(nbytes)}`;
  }
  return null;
}

/** Each extent item's refs: the file extent items pointing at it, plus 1 when a snapshot shares it. */
function refsProblem(m: MountedItems): Check {
  const pointing = new Map<number, number>();
  for (const inode of m.inodes)
    for (const e of inode.extents)
      pointing.set(e.diskBytenr, (pointing.get(e.diskBytenr) ?? 0) + 1);
  for (const x of m.extents) {
    const expected = (pointing.get(x.bytenr) ?? 0) + (x.shared ? 1 : 0);
    if (x.refs !== expected)
      return `extent tree: extent item at ${String(x.bytenr)} records ${String(x.refs)} reference(s), but ${String(expected)} point at it`;
  }
  return null;
}

/**
 * A block group's used bytes: the extent items inside it. Extent items lie in data groups (checked as they
 * decode), so a metadata or system group records 0: mount counts the nodes it reads in it as its use.
 */
function groupsProblem(m: MountedItems): Check {
  for (const chunk of m.chunks) {
    const held = m.extents
      .filter(
        (x) => x.bytenr >= chunk.start && x.bytenr < chunk.start + chunk.length,
      )
      .reduce((n, x) => n + x.numBytes, 0);
    const used = m.groupUsed.get(chunk.start) ?? 0;
    if (used !== held)
      return `extent tree: the ${chunk.type} block group at ${String(chunk.start)} records ${String(used)} bytes used, but its extent items hold ${String(held)}`;
  }
  return null;
}

/** Data checksums: whole sectors inside a data block group. Overlapping items were refused as they decoded. */
function csumsProblem(m: MountedItems, sectorSize: number): Check {
  const data = m.chunks.filter((c) => c.type === 'data');
  for (const at of m.csums.keys()) {
    if (at % sectorSize !== 0)
      return `csum tree: a checksum for disk ${String(at)}, not a sector boundary`;
    if (
      !data.some((c) => at >= c.start && at + sectorSize <= c.start + c.length)
    )
      return `csum tree: a checksum for disk sector ${String(at)}, which no data block group holds`;
  }
  return null;
}
