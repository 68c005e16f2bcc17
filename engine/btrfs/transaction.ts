// btrfs_commit_transaction: copy-on-write every changed path of every tree (commitTrees.ts); flush; then
// write the superblock copies with the new generation and flush again. Nodes the transaction did not change
// stay where they are, shared by the old and the new trees. Only then does pinned space become free: until
// the new superblock is durable, a crash mounts the old trees, which may still point into it.
//
// SIMPLIFICATION: the changed paths are copied at commit from the keys the transaction recorded as changed
// (btrfs COWs a path as each change is made), and the delayed refs have already run at ordered-extent
// completion.

import { InvariantError } from '../core/assert.ts';
import { shortSize } from '../core/units.ts';
import { writeSuperblocks } from '../disk/format/image.ts';
import { TREE_ID } from '../disk/format/items.ts';
import type { ShapeNode } from '../disk/format/tree.ts';
import { OutOfNodes, writeCommitTrees } from './commitTrees.ts';
import type { Fs } from './fs.ts';
import { chunkAlloc } from './space/chunkAlloc.ts';
import type { ChunkType } from './space/chunkType.ts';
import { chunkToItem } from './spaceItems.ts';

/** Besides the root tree, the trees whose size sizes the global block reserve (btrfs_update_global_block_rsv). */
const GLOBAL_RSV_TREES: ReadonlySet<number> = new Set([
  TREE_ID.EXTENT_TREE,
  TREE_ID.CSUM_TREE,
]);

/** The used bytes of `type`'s block groups become the nodes the new trees occupy in each. */
function accountNodes(fs: Fs, type: ChunkType, nodes: readonly number[]): void {
  const perGroup = new Map<number, number>();
  for (const g of fs.space.groupsOf(type)) perGroup.set(g.start, 0);
  for (const n of nodes) {
    const start = fs.space.groupAt(n).start;
    perGroup.set(start, (perGroup.get(start) ?? 0) + fs.geo.nodeSize);
  }
  for (const [start, used] of perGroup) {
    const delta = used - fs.space.groupAt(start).used;
    if (delta !== 0) fs.space.account(start, { used: delta });
  }
}

/**
 * btrfs_run_delayed_refs: the engine applied every reference change already, so running them only empties
 * the delayed refs reserve (its bytes go back to the metadata space_info). Returns the bytes released.
 */
export function runDelayedRefs(fs: Fs, why: string): number {
  const heads = fs.delayedRefsRsv.headCount();
  const released = fs.delayedRefsRsv.release();
  // Only a ref head grows the reserve's size, which bounds what it holds: no head, nothing to give back.
  if (heads > 0)
    fs.rec.emit(
      'btrfs.release',
      { space: 'metadata', bytes: released },
      `btrfs_run_delayed_refs: ${String(heads)} ref head(s) run (${why}); the delayed refs reserve gives back ${shortSize(released)}`,
    );
  return released;
}

export function commitTransaction(fs: Fs, why: string): void {
  fs.rec.call('btrfs_commit_transaction', why, () => {
    const generation = fs.generation + 1;
    runDelayedRefs(fs, 'the commit runs every delayed ref');
    let written = writeCommitTrees(fs, generation);
    while (written instanceof OutOfNodes) {
      const { type } = written;
      // find_free_extent's last resort: allocate a chunk for the tree blocks, then write again.
      if (
        chunkAlloc(
          fs,
          type,
          'force',
          `the ${type} block groups cannot hold a copy of the trees`,
        ) !== 'allocated'
      )
        throw new InvariantError(
          `commit: no ${type} space left for the trees and no room for a chunk (the commit writes the trees' changed paths there)`,
          { cause: written },
        );
      written = writeCommitTrees(fs, generation);
    }
    const { trees, chunk, root } = written;
    const metaNodes = [...trees.flatMap(([, t]) => t.nodes), ...root.nodes];
    const nodes = [...metaNodes, ...chunk.nodes];
    const metaBytes = nodes.length * fs.geo.nodeSize;
    const fresh = [
      ...trees.flatMap(([, t]) => t.written),
      ...root.written,
      ...chunk.written,
    ];
    const freshBytes = fresh.length * fs.geo.nodeSize;
    fs.rec.emit(
      'io.submit',
      { dir: 'write', bytenr: Math.min(...fresh), length: freshBytes },
      `write ${String(fresh.length)} tree node(s) (${shortSize(freshBytes)}) to free metadata space, the changed paths: the old trees stay intact, and ${String(nodes.length - fresh.length)} unchanged node(s) are shared with them`,
    );
    fs.disk.flush();
    fs.rec.emit(
      'btrfs.commit',
      { generation, phase: 'trees' },
      'flush: the new trees are durable before any superblock points to them',
    );
    const { superblock } = fs.committed;
    const next = {
      ...superblock,
      generation,
      root: root.bytenr,
      rootLevel: root.level,
      chunkRoot: chunk.bytenr,
      chunkRootLevel: chunk.level,
      chunkRootGeneration: chunk.shape.generation,
      sysChunkArray: fs.space.chunks
        .all()
        .filter((c) => c.type === 'system')
        .map((c) => ({
          logical: c.start,
          chunk: chunkToItem(c, fs.geo.sectorSize),
        })),
      bytesUsed: fs.data.used + metaBytes,
    };
    writeSuperblocks(fs.device, next);
    fs.disk.flush();
    const before = fs.toRec();
    fs.committed = {
      superblock: next,
      nodes: new Set(nodes),
      trees: new Map<number, ShapeNode>([
        ...trees.map(([id, t]): [number, ShapeNode] => [id, t.shape]),
        // Stryker disable next-line ArrayDeclaration: the root tree's four root items fit one leaf, and every commit writes a new root leaf (newRoot), so without its committed shape the next commit writes the same node
        [TREE_ID.ROOT_TREE, root.shape],
        [TREE_ID.CHUNK_TREE, chunk.shape],
      ]),
      globalTreeBytes:
        trees
          .filter(([id]) => GLOBAL_RSV_TREES.has(id))
          .reduce((n, [, t]) => n + t.nodes.length, root.nodes.length) *
        fs.geo.nodeSize,
    };
    fs.changes.clear();
    fs.rec.change('fs', 'fs', before, fs.toRec());
    accountNodes(fs, 'metadata', metaNodes);
    accountNodes(fs, 'system', chunk.nodes);
    fs.rec.emit(
      'btrfs.commit',
      { generation, phase: 'super' },
      `write_all_supers + flush: generation ${String(generation)} is the filesystem now`,
    );
    const unpinned = fs.extentTree.unpinAll();
    if (unpinned.length > 0) {
      for (const [at, len] of unpinned) fs.space.account(at, { pinned: -len });
      const bytes = unpinned.reduce((n, [, len]) => n + len, 0);
      fs.rec.emit(
        'btrfs.commit',
        { generation, phase: 'unpin' },
        `btrfs_finish_extent_commit: ${shortSize(bytes)} of pinned space is free again`,
      );
    }
  });
}
