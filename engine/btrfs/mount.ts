// Mount (open_ctree): pick the newest valid superblock, map the system chunks its array lists, read the
// chunk tree to map every chunk, then walk the root tree to the other trees verifying every node, and build
// the in-memory filesystem from their items. Nothing is written: an invalid, truncated, foreign or
// corrupted image gives a clear error and stays as it was.

import { fail, ok, type Result } from '../core/errno.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import { readImage } from '../disk/format/image.ts';
import {
  decodeItem,
  formatKey,
  TREE_ID,
  treeName,
  type Item,
} from '../disk/format/items.ts';
import { describeNode } from '../disk/format/node.ts';
import {
  readTree,
  type ShapeNode,
  type TreeContents,
  type TreeRoot,
} from '../disk/format/tree.ts';
import { Recorder } from '../trace/recorder.ts';
import type { ExtentTree } from './extentTree.ts';
import { Fs, type FsOptions } from './fs.ts';
import { itemsToFs } from './metadataItems.ts';
import { checkMountedItems } from './mountCheck.ts';
import { ChunkMap } from './space/chunkMap.ts';
import { globalRsvSize } from './space/globalRsv.ts';
import { LogicalDisk } from './space/logicalDisk.ts';
import { attachSpaceFlusher } from './spaceFlusher.ts';
import { itemToChunk } from './spaceItems.ts';

/** The machine's page size, a recorder, and the mounted filesystem's FsOptions. */
export interface MountOptions extends FsOptions {
  /** The machine's page size: not a property of the filesystem. */
  readonly pageSize: number;
  readonly rec: Recorder;
  /** Display names of extents (X, Y, ...) to keep from the filesystem this mount replaces. */
  readonly names?: ExtentTree;
}

export interface Mounted {
  readonly fs: Fs;
  /** The superblock copy used (0 = primary) and the damaged copies, each with the reason. */
  readonly copy: number;
  readonly damagedCopies: readonly string[];
}

export function mountFs(
  device: BlockDevice,
  options: MountOptions,
): Result<Mounted> {
  const image = readImage(device);
  if (!image.ok) return image;
  const sb = image.value.superblock;
  if (sb.root === 0)
    return fail(
      'EINVAL',
      'the image holds no filesystem trees yet (formatted, never committed)',
    );
  const size = device.size();
  // Until the chunk tree is read, only the system chunks are mapped (a scratch map: nothing is recorded).
  // Stryker disable next-line BooleanLiteral: nothing reads what the scratch map's recorder records
  const boot = new ChunkMap(size, new Recorder(false));
  for (const { logical, chunk } of sb.sysChunkArray) {
    // An entry that is no valid SYSTEM chunk fails the superblock's validation: Linux 6.18 refuses the mount
    // with EINVAL ("superblock contains fatal errors"; tested on a loop image).
    const c = itemToChunk(logical, chunk, size);
    if (!c.ok)
      return fail(
        'EINVAL',
        `superblock system chunk array: ${c.error.message}`,
      );
    if (c.value.type !== 'system')
      return fail(
        'EINVAL',
        `superblock system chunk array: chunk at ${String(logical)} is a ${c.value.type} chunk, not SYSTEM`,
      );
    const conflict = boot.conflict(c.value);
    if (conflict !== null)
      return fail('EUCLEAN', `superblock system chunk array: ${conflict}`);
    boot.add(c.value);
  }
  const logical = new LogicalDisk(boot, device);
  const read = (bytenr: number, length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    logical.read(bytenr, bytes);
    return bytes;
  };
  // A node pointer into unmapped space reads as nothing, which the tree reader reports as corruption.
  const safeRead = (bytenr: number, length: number): Uint8Array =>
    boot.find(bytenr) === undefined ||
    boot.find(bytenr + length - 1) === undefined
      ? new Uint8Array(0)
      : read(bytenr, length);
  // A tree read through the chunks mapped so far. A node in a data chunk is refused, as btrfs check faults a
  // tree block there: the engine would count it as data and could allocate over it.
  const readTreeAt = (
    root: TreeRoot,
    owner: number,
    generation: number,
  ): Result<TreeContents> => {
    const tree = readTree(safeRead, root, {
      nodeSize: sb.nodesize,
      fsid: sb.fsid,
      owner,
      generation,
    });
    if (!tree.ok) return tree;
    // Stryker disable next-line OptionalChaining: every node read lies in a mapped chunk
    const inData = tree.value.nodes.find((n) => boot.find(n)?.type === 'data');
    return inData === undefined
      ? tree
      : fail(
          'EUCLEAN',
          `${describeNode(owner, inData)}: lies in a data block group`,
        );
  };
  const chunkTree = readTreeAt(
    { bytenr: sb.chunkRoot, level: sb.chunkRootLevel },
    TREE_ID.CHUNK_TREE,
    sb.chunkRootGeneration,
  );
  if (!chunkTree.ok) return chunkTree;
  for (const item of chunkTree.value.items) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'CHUNK_ITEM')
      return fail(
        'EUCLEAN',
        `chunk tree: unexpected item ${formatKey(item.key)}`,
      );
    if (boot.find(item.key.offset) !== undefined) continue;
    const c = itemToChunk(item.key.offset, d.value.value, size);
    if (!c.ok) return c;
    const conflict = boot.conflict(c.value);
    if (conflict !== null) return fail('EUCLEAN', `chunk tree: ${conflict}`);
    boot.add(c.value);
  }
  const rootTree = readTreeAt(
    { bytenr: sb.root, level: sb.rootLevel },
    TREE_ID.ROOT_TREE,
    sb.generation,
  );
  if (!rootTree.ok) return rootTree;
  const nodes = new Set([...chunkTree.value.nodes, ...rootTree.value.nodes]);
  const trees = new Map<number, readonly Item[]>();
  const treeNodes = new Map<number, number>();
  const shapes = new Map<number, ShapeNode>([
    [TREE_ID.CHUNK_TREE, chunkTree.value.shape],
    [TREE_ID.ROOT_TREE, rootTree.value.shape],
  ]);
  for (const item of rootTree.value.items) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'ROOT_ITEM')
      return fail(
        'EUCLEAN',
        `root tree: unexpected item ${formatKey(item.key)}`,
      );
    const { bytenr, level, generation } = d.value.value;
    const tree = readTreeAt({ bytenr, level }, item.key.objectid, generation);
    if (!tree.ok) return tree;
    tree.value.nodes.forEach((n) => nodes.add(n));
    trees.set(item.key.objectid, tree.value.items);
    shapes.set(item.key.objectid, tree.value.shape);
    treeNodes.set(item.key.objectid, tree.value.nodes.length);
  }
  const want = [
    TREE_ID.FS_TREE,
    TREE_ID.EXTENT_TREE,
    TREE_ID.CSUM_TREE,
    TREE_ID.DEV_TREE,
  ];
  for (const id of want)
    if (!trees.has(id)) return fail('EUCLEAN', `root tree: no ${treeName(id)}`);
  // Stryker disable next-line ArrayDeclaration: every tree asked for below was found above
  const itemsOf = (id: number): readonly Item[] => trees.get(id) ?? [];
  const decoded = itemsToFs(
    {
      fsTree: itemsOf(TREE_ID.FS_TREE),
      extentTree: itemsOf(TREE_ID.EXTENT_TREE),
      csumTree: itemsOf(TREE_ID.CSUM_TREE),
      devTree: itemsOf(TREE_ID.DEV_TREE),
      chunkTree: chunkTree.value.items,
    },
    sb.sectorsize,
    size,
  );
  if (!decoded.ok) return decoded;
  const m = decoded.value;
  const checked = checkMountedItems(m, sb.sectorsize, size);
  if (!checked.ok) return checked;
  for (const { logical: start } of sb.sysChunkArray) {
    const mapped = boot.find(start);
    const listed = m.chunks.find((c) => c.start === start);
    if (JSON.stringify(listed) !== JSON.stringify(mapped))
      return fail(
        'EUCLEAN',
        `the superblock's system chunk at ${String(start)} differs from the chunk tree's item for it`,
      );
  }
  const globalTreeBytes =
    (rootTree.value.nodes.length +
      (treeNodes.get(TREE_ID.EXTENT_TREE) ?? 0) +
      (treeNodes.get(TREE_ID.CSUM_TREE) ?? 0)) *
    sb.nodesize;
  const fs = new Fs(
    {
      pageSize: options.pageSize,
      sectorSize: sb.sectorsize,
      nodeSize: sb.nodesize,
      deviceSize: size,
    },
    device,
    options.rec,
    { superblock: sb, nodes, globalTreeBytes, trees: shapes },
    options,
  );
  attachSpaceFlusher(fs);
  for (const chunk of m.chunks) fs.addChunk(chunk);
  if (options.names !== undefined) fs.extentTree.carryNamesFrom(options.names);
  for (const x of m.extents)
    fs.extentTree.loadItem({ ...x, name: fs.extentTree.nameOf(x.bytenr) });
  // Data groups use what their items record; metadata and system groups, whose items record 0 (checked),
  // use the nodes read in them.
  for (const [start, bytes] of m.groupUsed)
    fs.space.account(start, { used: bytes });
  for (const n of nodes) fs.space.account(n, { used: sb.nodesize });
  fs.globalRsv.update(globalRsvSize(sb.nodesize, globalTreeBytes, size));
  for (const [addr, csum] of m.csums) fs.extentTree.setCsum(addr, csum);
  for (const file of m.inodes) {
    const entry = fs.createInode(file.name, file.size, file.flags, file.ino);
    entry.inode.update(() => {
      entry.inode.nbytes = file.nbytes;
    });
    for (const e of file.extents) entry.extents.insert(e);
  }
  // Everything loaded is what the trees just read hold: the first transaction has changed nothing yet.
  fs.changes.clear();
  return ok({
    fs,
    copy: image.value.copy,
    damagedCopies: image.value.damagedCopies,
  });
}
