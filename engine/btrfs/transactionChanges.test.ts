// What the running transaction changed: recorded where each change is made, none after a mount, and none
// after a commit (it wrote them all).

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { TransactionChanges } from './transactionChanges.ts';

function recorded(c: TransactionChanges) {
  return {
    inodes: [...c.inodes],
    fileExtents: [...c.fileExtents].map(([ino, offsets]) => [
      ino,
      [...offsets],
    ]),
    extents: [...c.extents],
    csums: [...c.csums],
  };
}

const NONE = { inodes: [], fileExtents: [], extents: [], csums: [] };

describe('TransactionChanges', () => {
  it('records each changed key once, and forgets them all when cleared', () => {
    const c = new TransactionChanges();
    c.inode(257);
    c.fileExtent(257, 0);
    c.fileExtent(257, 4096);
    c.fileExtent(257, 0);
    c.extent(1 << 20);
    c.csum(1 << 20);
    expect(recorded(c)).toEqual({
      inodes: [257],
      fileExtents: [[257, [0, 4096]]],
      extents: [1 << 20],
      csums: [1 << 20],
    });
    c.clear();
    expect(recorded(c)).toEqual(NONE);
  });

  it('holds what writeback changed until a commit, and nothing after a commit or a mount', () => {
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'changes',
        files: [{ name: 'F', size: 0 }],
        ops: [
          { op: 'write', file: 'F', offset: 0, length: '8K' },
          { op: 'writeback', file: 'F', wait: true },
          { op: 'commit' },
          { op: 'write', file: 'F', offset: '8K', length: '4K' },
          { op: 'writeback', file: 'F', wait: true },
          { op: 'remount' },
        ],
      }),
      variant: 'srcmap',
    });
    const ino = sim.fs.byName('F')?.inode.ino;
    const step = () => {
      expect(sim.step()?.error).toBeNull();
      return recorded(sim.fs.changes);
    };
    step();
    expect(step().fileExtents).toEqual([[ino, [0]]]);
    expect(step()).toEqual(NONE);
    step();
    expect(step().fileExtents).toEqual([[ino, [8192]]]);
    expect(step()).toEqual(NONE);
  });
});
