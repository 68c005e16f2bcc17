// btrfs_commit_transaction: write every tree copy-on-write into free metadata space (never over a node the
// committed superblock still points to), flush, then write the superblock copies with the new generation
// and flush again. Only then does pinned space become free: until the new superblock is durable, a crash
// mounts the old trees, which may still point into it.
//
// SIMPLIFICATION: every commit rewrites all trees (btrfs rewrites only the paths it changed), and the
// delayed refs have already run at ordered-extent completion.

import { InvariantError } from '../core/assert.ts';
import { shortSize } from '../core/units.ts';
import { writeSuperblocks } from '../disk/format/image.ts';
import {
  encodeRootItem,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from '../disk/format/items.ts';
import { writeTree, type WrittenTree } from '../disk/format/tree.ts';
import type { Fs } from './fs.ts';
import { fsToItems } from './metadataItems.ts';

/** Free metadata nodes, lowest first, skipping the nodes of the committed trees. */
function nodeAllocator(fs: Fs): () => number {
  const ns = fs.geo.nodeSize;
  const end = fs.metadataStart + fs.geo.metadataSpace;
  let next = fs.metadataStart;
  return () => {
    while (fs.committed.nodes.has(next)) next += ns;
    if (next + ns > end)
      throw new InvariantError(
        `the metadata block group (${shortSize(fs.geo.metadataSpace)}) is full: the trees do not fit twice`,
      );
    const at = next;
    next += ns;
    return at;
  };
}

export function commitTransaction(fs: Fs, why: string): void {
  fs.rec.call('btrfs_commit_transaction', why, () => {
    const generation = fs.generation + 1;
    const { superblock } = fs.committed;
    const alloc = nodeAllocator(fs);
    const write = (bytenr: number, bytes: Uint8Array): void => {
      fs.disk.write(bytenr, bytes);
    };
    const common = {
      nodeSize: fs.geo.nodeSize,
      fsid: superblock.fsid,
      generation,
      alloc,
      write,
    };
    const items = fsToItems(fs, generation);
    const trees: [number, WrittenTree][] = [
      [
        TREE_ID.EXTENT_TREE,
        writeTree(items.extentTree, { ...common, owner: TREE_ID.EXTENT_TREE }),
      ],
      [
        TREE_ID.FS_TREE,
        writeTree(items.fsTree, { ...common, owner: TREE_ID.FS_TREE }),
      ],
      [
        TREE_ID.CSUM_TREE,
        writeTree(items.csumTree, { ...common, owner: TREE_ID.CSUM_TREE }),
      ],
    ];
    const rootItems: Item[] = trees.map(([id, t]) => ({
      key: { objectid: id, type: KEY_TYPE.ROOT_ITEM, offset: 0 },
      data: encodeRootItem({ bytenr: t.bytenr, level: t.level, generation }),
    }));
    const root = writeTree(rootItems, { ...common, owner: TREE_ID.ROOT_TREE });
    const nodes = [...trees.flatMap(([, t]) => t.nodes), ...root.nodes];
    const metaBytes = nodes.length * fs.geo.nodeSize;
    fs.rec.emit(
      'io.submit',
      { dir: 'write', bytenr: Math.min(...nodes), length: metaBytes },
      `write ${String(nodes.length)} tree node(s) (${shortSize(metaBytes)}) to free metadata space: the old trees stay intact`,
    );
    fs.disk.flush();
    fs.rec.emit(
      'btrfs.commit',
      { generation, phase: 'trees' },
      'flush: the new trees are durable before any superblock points to them',
    );
    const next = {
      ...superblock,
      generation,
      root: root.bytenr,
      rootLevel: root.level,
      bytesUsed: fs.data.used + metaBytes,
    };
    writeSuperblocks(fs.disk, next);
    fs.disk.flush();
    const before = fs.toRec();
    fs.committed = { superblock: next, nodes: new Set(nodes) };
    fs.rec.change('fs', 'fs', before, fs.toRec());
    fs.meta.adjust({ used: metaBytes - fs.meta.used });
    fs.rec.emit(
      'btrfs.commit',
      { generation, phase: 'super' },
      `write_all_supers + flush: generation ${String(generation)} is the filesystem now`,
    );
    const unpinned = fs.extentTree.unpinAll();
    if (unpinned > 0) {
      fs.data.adjust({ pinned: -unpinned });
      fs.rec.emit(
        'btrfs.commit',
        { generation, phase: 'unpin' },
        `btrfs_finish_extent_commit: ${shortSize(unpinned)} of pinned space is free again`,
      );
    }
  });
}
