// The commit's patches to the fs and csum trees: with checkCommits, each commit throws unless the trees
// copied from the transaction's changes are node for node those copied from every item regenerated.

import { describe, expect, it } from 'vitest';
import type { Op } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { fsTreePatches } from './commitPatches.ts';

const K = 1024;

function checkedSimulation() {
  return createSimulation({
    scenario: scenarioOf({
      id: 'commit-patches',
      geometry: {
        pageSize: 4 * K,
        sectorSize: 4 * K,
        nodeSize: 4 * K,
        deviceSize: 64 * K * K,
      },
      files: [
        {
          name: 'A',
          size: 256 * K,
          extents: [{ offset: 0, length: 256 * K, disk: 'X' }],
        },
      ],
      ops: [],
    }),
    variant: 'srcmap',
    trace: false,
    checkCommits: true,
  });
}

const write = (offset: number, length: number): Op => ({
  op: 'write',
  file: 'A',
  offset: offset * K,
  length: length * K,
  pattern: { byte: 0x5a },
});

describe('csumTreePatches', () => {
  it('patch the csum runs a transaction changed, in any order, as regenerating every csum item does', () => {
    const sim = checkedSimulation();
    const start = sim.fs.generation;
    // Overwrites (COW: new extents and csums elsewhere) written back in an order other than their offsets,
    // a punched hole in the middle of the old run, and a commit after each round.
    const ops: Op[] = [
      // An inode change alone: growing i_size changes no file extent item.
      { op: 'truncate', file: 'A', size: 512 * K },
      { op: 'commit' },
      write(192, 16),
      write(8, 8),
      write(100, 4),
      { op: 'sync' },
      {
        op: 'fallocate',
        file: 'A',
        mode: 'punch-hole',
        offset: 40 * K,
        length: 24 * K,
        keepSize: true,
      },
      write(4, 4),
      write(248, 8),
      { op: 'sync' },
      { op: 'truncate', file: 'A', size: 120 * K },
      { op: 'commit' },
      // New csums high on the disk first, then the low ones of extent X go as the truncate frees it.
      write(64, 8),
      { op: 'writeback', file: 'A', wait: true },
      { op: 'truncate', file: 'A', size: 0 },
      { op: 'commit' },
    ];
    for (const op of ops) sim.apply(op);
    expect(sim.fs.generation).toBe(start + 5);
  });
});

describe('fsTreePatches', () => {
  it('refuses an inode the transaction changed that does not exist', () => {
    const { fs } = checkedSimulation();
    fs.changes.inode(999);
    expect(() => fsTreePatches(fs, fs.generation + 1)).toThrow(
      'commit: inode 999 changed but does not exist',
    );
  });
});
