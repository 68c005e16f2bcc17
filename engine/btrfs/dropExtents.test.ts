// btrfs_drop_extents and the reference counts of the disk extents it trims, splits and deletes items of: a
// write into the middle of an extent splits its item and adds a reference for the bookend; the extent stays
// allocated, whole, until the last item pointing into it goes (btrfs_free_extent drops one reference at a
// time and frees the extent at zero; kernel-facts.md, btrfs_finish_ordered_io and scenario S1).

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { decRef, incRef } from './dropExtents.ts';

const K = 1024;

/** File F over one 12 KiB extent X, rewritten a block at a time (middle, head, tail), synced after each. */
function bookends() {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'drop-extents',
      files: [
        {
          name: 'F',
          size: '12K',
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
        },
      ],
      ops: [
        { op: 'write', file: 'F', offset: '4K', length: '4K' },
        { op: 'sync' },
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'sync' },
        { op: 'write', file: 'F', offset: '8K', length: '4K' },
        { op: 'sync' },
      ],
    }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  const x = entry.extents.lookup(0, 4 * K).item?.diskBytenr;
  if (x === undefined) throw new Error('F starts with a hole');
  /** Runs the next write and its sync; the notes of the reference changes and frees the write made. */
  const rewrite = () => {
    const from = sim.events.length;
    expect(sim.step()?.error).toBeNull();
    expect(sim.step()?.error).toBeNull();
    return sim.events
      .slice(from)
      .filter(
        (e) =>
          e.kind === 'btrfs.extent' &&
          (e.action === 'ref' || e.action === 'free'),
      )
      .map((e) => (e.kind === 'btrfs.extent' ? [e.action, e.note] : []));
  };
  return { sim, x, rewrite };
}

describe('btrfs_drop_extents: bookend references', () => {
  it('keeps the whole extent allocated until the last item pointing into it is dropped', () => {
    const { sim, x, rewrite } = bookends();
    const { fs } = sim;
    // The middle block: the item is split around it, the right part a bookend, one reference more.
    expect(rewrite()).toEqual([
      [
        'ref',
        'extent X refs 1 -> 2: the split leaves two items pointing into it (bookend)',
      ],
    ]);
    expect(fs.extentTree.get(x)?.refs).toBe(2);
    // The head block: its item goes, one reference fewer; X stays used, all 12 KiB of it.
    expect(rewrite()).toEqual([
      [
        'ref',
        'extent X refs 2 -> 1: a file extent item no longer points into it',
      ],
    ]);
    expect(fs.extentTree.get(x)?.refs).toBe(1);
    expect(fs.data.used).toBe(12 * K + 4 * K + 4 * K);
    // The tail block: the last reference goes and the extent is freed (pinned until the sync commits).
    expect(rewrite()).toEqual([
      [
        'free',
        'extent X lost its last reference: bytes_used -= 12K, bytes_pinned += 12K until the transaction commits',
      ],
    ]);
    expect(fs.extentTree.get(x)).toBeUndefined();
    expect(fs.data.used).toBe(3 * 4 * K);
  });

  it('a reference change on a disk extent without an extent item is an InvariantError', () => {
    const { sim } = bookends();
    const nowhere = 123 * 4 * K;
    expect(() => {
      incRef(sim.fs, nowhere, 'test');
    }).toThrow(
      new InvariantError(`incRef: no extent item at ${String(nowhere)}`),
    );
    expect(() => {
      decRef(sim.fs, nowhere, 'test');
    }).toThrow(
      new InvariantError(`decRef: no extent item at ${String(nowhere)}`),
    );
  });
});
