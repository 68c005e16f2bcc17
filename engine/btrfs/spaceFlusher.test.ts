// The space flushers' hands on a filesystem (attachSpaceFlusher): the byte counts shrink_delalloc weighs,
// writeback of delalloc inode by inode in the order of the root's delalloc list, waiting for ordered
// extents, and running the delayed refs.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';

const K = 1024;

/** Two empty files A (ino 257) and B (ino 258), `ops` run. */
function afterOps(ops: OpSpec[]) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'space-flusher',
      files: [
        { name: 'A', size: 0 },
        { name: 'B', size: 0 },
      ],
      ops,
    }),
    variant: 'srcmap',
  });
  sim.runAll();
  const a = sim.fs.byName('A');
  const b = sim.fs.byName('B');
  if (a === undefined || b === undefined) throw new Error('no A or B');
  return { sim, fs: sim.fs, a, b };
}

describe('attachSpaceFlusher', () => {
  it('counts delalloc bytes and the bytes of ordered extents not yet finished, over every file', () => {
    const { fs } = afterOps([
      { op: 'write', file: 'A', offset: 0, length: '8K' },
      { op: 'write', file: 'B', offset: 0, length: '4K' },
      { op: 'writeback', file: 'A', wait: false },
      { op: 'writeback', file: 'B', wait: false },
      { op: 'write', file: 'B', offset: '64K', length: '12K' },
    ]);
    expect(fs.flusher.delallocBytes()).toBe(12 * K);
    expect(fs.flusher.orderedBytes()).toBe(12 * K);
    // btrfs_wait_ordered_roots: every ordered extent finishes; the delalloc stays.
    fs.flusher.waitOrdered();
    expect(fs.flusher.orderedBytes()).toBe(0);
    expect(fs.ordered.size).toBe(0);
    expect(fs.flusher.delallocBytes()).toBe(12 * K);
  });

  it('starts writeback in the order the files got delalloc, and stops once enough is started', () => {
    // btrfs_add_delalloc_inode puts an inode at the tail of its root's delalloc list when it first gets
    // delalloc, and start_delalloc_inodes walks the list from the head: B, dirtied first, goes first
    // although its inode number is higher, and its 8 KiB are all that was asked for.
    const { fs, a, b } = afterOps([
      { op: 'write', file: 'B', offset: 0, length: '8K' },
      { op: 'write', file: 'A', offset: 0, length: '4K' },
    ]);
    expect(a.inode.ino).toBeLessThan(b.inode.ino);
    fs.flusher.startDelalloc(8 * K);
    expect(b.inode.delallocBytes).toBe(0);
    expect(a.inode.delallocBytes).toBe(4 * K);
    expect(fs.flusher.orderedBytes()).toBe(8 * K);
    // Asked for more than B has, it goes on to A.
    fs.flusher.startDelalloc(1);
    expect(a.inode.delallocBytes).toBe(0);
    expect(fs.flusher.orderedBytes()).toBe(12 * K);
  });

  it('a file whose delalloc is all written back leaves the list, and one dirtied again joins at its tail', () => {
    const { fs, a, b } = afterOps([
      { op: 'write', file: 'A', offset: 0, length: '4K' },
      { op: 'write', file: 'B', offset: 0, length: '4K' },
      { op: 'writeback', file: 'A', wait: true },
      { op: 'write', file: 'A', offset: '8K', length: '4K' },
    ]);
    fs.flusher.startDelalloc(4 * K);
    expect(b.inode.delallocBytes).toBe(0);
    expect(a.inode.delallocBytes).toBe(4 * K);
  });

  it('a file that keeps some delalloc after part of it is cleared stays on the list', () => {
    // btrfs_clear_delalloc_extent takes an inode off the list only when its delalloc bytes reach zero:
    // truncating away half of A's dirty range leaves the other half to be written.
    const { fs, a } = afterOps([
      { op: 'write', file: 'A', offset: 0, length: '8K' },
      { op: 'truncate', file: 'A', size: '4K' },
    ]);
    expect(a.inode.delallocBytes).toBe(4 * K);
    fs.flusher.startDelalloc(1);
    expect(a.inode.delallocBytes).toBe(0);
    expect(fs.flusher.orderedBytes()).toBe(4 * K);
  });

  it('running the delayed refs gives back what the delayed refs reserve holds', () => {
    const { fs } = afterOps([
      { op: 'write', file: 'A', offset: 0, length: '8K' },
      { op: 'writeback', file: 'A', wait: true },
    ]);
    const held = fs.delayedRefsRsv.toRec().reserved;
    expect(fs.delayedRefsRsv.headCount()).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
    expect(fs.flusher.runDelayedRefs('FLUSH_DELAYED_REFS')).toBe(held);
    expect(fs.delayedRefsRsv.headCount()).toBe(0);
    expect(fs.delayedRefsRsv.toRec().reserved).toBe(0);
  });
});
