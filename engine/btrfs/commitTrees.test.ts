// Where a commit copies the trees to (the free nodes of the metadata block groups, lowest first, a new chunk
// when they are full), and what checkCommits refuses: trees from the changes that differ from the trees
// from every item regenerated.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { OutOfNodes, writeCommitTrees } from './commitTrees.ts';
import { chunkAlloc } from './space/chunkAlloc.ts';
import { commitTransaction } from './transaction.ts';

const K = 1024;
const NODE = 4 * K;

function simulation(checkCommits: boolean) {
  return createSimulation({
    scenario: scenarioOf({
      id: 'commit-trees',
      geometry: {
        pageSize: 4 * K,
        sectorSize: 4 * K,
        nodeSize: NODE,
        deviceSize: 64 * K * K,
      },
      files: [
        {
          name: 'A',
          size: 64 * K,
          extents: [{ offset: 0, length: 64 * K, disk: 'X' }],
        },
        { name: 'B', size: 0, extents: [] },
      ],
      ops: [],
    }),
    variant: 'srcmap',
    trace: false,
    checkCommits,
  });
}

describe('the commit node allocator', () => {
  it('takes the last node of a full group, then a new metadata chunk from its start', () => {
    const sim = simulation(true);
    const { fs } = sim;
    const [group, ...others] = fs.space.groupsOf('metadata');
    if (group === undefined) throw new Error('mkfs makes a metadata group');
    expect(others).toEqual([]);
    const last = group.start + group.length - NODE;
    // Every node of the group but its last is taken (as if the committed trees used them).
    const taken = new Set(fs.committed.nodes);
    for (let at = group.start; at < last; at += NODE) taken.add(at);
    fs.committed = { ...fs.committed, nodes: taken };
    sim.apply({ op: 'truncate', file: 'A', size: 32 * K });
    sim.apply({ op: 'commit' });
    const groups = fs.space.groupsOf('metadata');
    expect(groups.map((g) => g.start)).toEqual([
      group.start,
      expect.any(Number),
    ]);
    // The new nodes of the metadata trees (the chunk tree's are in system space).
    const fresh = [...fs.committed.nodes]
      .filter((at) => !taken.has(at) && at >= group.start)
      .sort((a, b) => a - b);
    const second = groups[1];
    if (second === undefined) throw new Error('a second group');
    expect(fresh[0]).toBe(last);
    expect(fresh.slice(1)).toEqual(
      fresh.slice(1).map((_, i) => second.start + i * NODE),
    );
    expect(fresh.length).toBeGreaterThan(1);
  });
});

describe('writeCommitTrees', () => {
  it('gives OutOfNodes naming the type when no metadata node is free', () => {
    const { fs } = simulation(false);
    const taken = new Set(fs.committed.nodes);
    for (const g of fs.space.groupsOf('metadata'))
      for (let at = g.start; at < g.start + g.length; at += NODE) taken.add(at);
    fs.committed = { ...fs.committed, nodes: taken };
    const written = writeCommitTrees(fs, fs.generation + 1);
    expect(written).toBeInstanceOf(OutOfNodes);
    expect(written).toMatchObject({
      type: 'metadata',
      message: 'no free metadata node',
    });
  });

  it('copies the trees from the changes, which throw for an inode changed but gone', () => {
    const { fs } = simulation(false);
    const b = [...fs.inodes.entries()].find(([, e]) => e.inode.name === 'B');
    if (b === undefined) throw new Error('no inode B');
    fs.changes.inode(b[0]);
    fs.inodes.delete(b[0]);
    expect(() => {
      commitTransaction(fs, 'test');
    }).toThrow(`commit: inode ${String(b[0])} changed but does not exist`);
  });
});

describe('checkCommits', () => {
  it('refuses a commit whose changes miss what the items change: a node of other bytes', () => {
    const { fs } = simulation(true);
    const b = [...fs.inodes.entries()].find(([, e]) => e.inode.name === 'B');
    if (b === undefined) throw new Error('no inode B');
    // An inode gone without the transaction knowing: only the regenerated items lose it.
    fs.inodes.delete(b[0]);
    expect(() => {
      commitTransaction(fs, 'test');
    }).toThrow(
      /^commit 3: the trees copied from the transaction's changes differ from those copied from every item regenerated: node \d+ \(write 0\) holds different bytes$/,
    );
  });

  it('refuses a commit whose changes miss a tree the items change: a node written elsewhere', () => {
    const { fs } = simulation(true);
    const b = [...fs.inodes.entries()].find(([, e]) => e.inode.name === 'B');
    if (b === undefined) throw new Error('no inode B');
    // A new chunk changes the chunk tree, written after the fs tree: only the regenerated items rewrite
    // the fs tree (without B), so the changes' copy writes the chunk tree's node where that one goes.
    expect(chunkAlloc(fs, 'data', 'force', 'test')).toBe('allocated');
    fs.inodes.delete(b[0]);
    const [system] = fs.space.groupsOf('system');
    if (system === undefined) throw new Error('mkfs makes a system group');
    expect(() => {
      commitTransaction(fs, 'test');
    }).toThrow(
      new RegExp(
        `: node write \\d+ went to ${String(system.start + NODE)}, not \\d+$`,
      ),
    );
  });
});
