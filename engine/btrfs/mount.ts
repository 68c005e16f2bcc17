// Mount (open_ctree): pick the newest valid superblock, walk the root tree to the fs, extent and csum
// trees verifying every node, and build the in-memory filesystem from their items. Nothing is written: an
// invalid, truncated, foreign or corrupted image gives a clear error and stays as it was.

import { fail, ok, type Result } from '../core/errno.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import { readImage } from '../disk/format/image.ts';
import {
  decodeItem,
  TREE_ID,
  treeName,
  type Item,
} from '../disk/format/items.ts';
import { readTree } from '../disk/format/tree.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { ExtentTree } from './extentTree.ts';
import { DATA_START, Fs } from './fs.ts';
import { itemsToFs } from './metadataItems.ts';

export interface MountOptions {
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
  const read = (bytenr: number, length: number): Uint8Array => {
    const bytes = new Uint8Array(Math.max(0, Math.min(length, size - bytenr)));
    if (bytes.length > 0) device.read(bytenr, bytes);
    return bytes;
  };
  const geometry = { nodeSize: sb.nodesize, fsid: sb.fsid };
  const rootTree = readTree(
    read,
    { bytenr: sb.root, level: sb.rootLevel },
    {
      ...geometry,
      owner: TREE_ID.ROOT_TREE,
      generation: sb.generation,
    },
  );
  if (!rootTree.ok) return rootTree;
  const nodes = new Set(rootTree.value.nodes);
  const trees = new Map<number, readonly Item[]>();
  for (const item of rootTree.value.items) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'ROOT_ITEM')
      return fail(
        'EUCLEAN',
        `root tree: unexpected item (${d.ok ? d.value.kind : d.error.message})`,
      );
    const { bytenr, level, generation } = d.value.value;
    const tree = readTree(
      read,
      { bytenr, level },
      { ...geometry, owner: item.key.objectid, generation },
    );
    if (!tree.ok) return tree;
    tree.value.nodes.forEach((n) => nodes.add(n));
    trees.set(item.key.objectid, tree.value.items);
  }
  const want = [TREE_ID.FS_TREE, TREE_ID.EXTENT_TREE, TREE_ID.CSUM_TREE];
  for (const id of want)
    if (!trees.has(id)) return fail('EUCLEAN', `root tree: no ${treeName(id)}`);
  const decoded = itemsToFs(
    {
      fsTree: trees.get(TREE_ID.FS_TREE) ?? [],
      extentTree: trees.get(TREE_ID.EXTENT_TREE) ?? [],
      csumTree: trees.get(TREE_ID.CSUM_TREE) ?? [],
    },
    sb.sectorsize,
  );
  if (!decoded.ok) return decoded;
  const m = decoded.value;
  const metaEnd = m.metadataGroup.start + m.metadataGroup.length;
  if (metaEnd > size)
    return fail(
      'EUCLEAN',
      `the metadata block group ends at ${String(metaEnd)}, past the ${String(size)}-byte device`,
    );
  const fs = new Fs(
    {
      pageSize: options.pageSize,
      sectorSize: sb.sectorsize,
      nodeSize: sb.nodesize,
      deviceSize: size,
      dataSpace: m.dataGroup.length,
      metadataSpace: m.metadataGroup.length,
    },
    device,
    options.rec,
    { superblock: sb, nodes },
  );
  if (options.names !== undefined) fs.extentTree.carryNamesFrom(options.names);
  for (const x of m.extents) {
    if (x.bytenr < DATA_START || x.bytenr + x.numBytes > m.metadataGroup.start)
      return fail(
        'EUCLEAN',
        `extent tree: extent ${String(x.bytenr)} lies outside the data block group`,
      );
    fs.extentTree.insertItem({ ...x, name: fs.extentTree.nameOf(x.bytenr) });
  }
  fs.data.adjust({ used: m.dataGroup.used });
  fs.meta.adjust({ used: nodes.size * sb.nodesize });
  for (const [addr, csum] of m.csums) fs.extentTree.csums.set(addr, csum);
  for (const file of m.inodes) {
    const entry = fs.createInode(file.name, file.size, file.flags, file.ino);
    entry.inode.update(() => {
      entry.inode.nbytes = file.nbytes;
    });
    for (const e of file.extents) entry.extents.insert(e);
  }
  return ok({
    fs,
    copy: image.value.copy,
    damagedCopies: image.value.damagedCopies,
  });
}
