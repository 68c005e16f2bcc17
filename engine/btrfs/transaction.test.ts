// The commit as a remount sees it: the superblock it writes, the space its trees take in each block group,
// the bytes that size the global reserve, and what it does when the metadata block groups have no node left.

import { describe, expect, it } from 'vitest';
import { readImage } from '../disk/format/image.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { ScenarioSpec } from '../scenario/types.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { Recorder } from '../trace/recorder.ts';
import type { Fs } from './fs.ts';
import { mountFs } from './mount.ts';
import { chunkAlloc } from './space/chunkAlloc.ts';
import { commitTransaction, runDelayedRefs } from './transaction.ts';

const KiB = 1024;

/** A simulation whose file F has `extents` 4 KiB extents, each its own disk extent, and runs `ops`. */
function simulation(extents: number, ops: ScenarioSpec['ops']) {
  return createSimulation({
    scenario: scenarioOf({
      id: 'commit',
      files: [
        {
          name: 'F',
          size: extents * 4 * KiB,
          extents: Array.from({ length: extents }, (_, i) => ({
            offset: i * 4 * KiB,
            length: '4K',
          })),
        },
      ],
      ops,
    }),
    variant: 'srcmap',
  });
}

function remount(fs: Fs): Fs {
  const m = mountFs(fs.device, { pageSize: 4096, rec: new Recorder(false) });
  if (!m.ok) throw new Error(m.error.message);
  return m.value.fs;
}

/** Each block group's used bytes, by type and start. */
function usedByGroup(fs: Fs): string[] {
  return (['data', 'metadata', 'system'] as const).flatMap((type) =>
    fs.space
      .groupsOf(type)
      .map((g) => `${type} ${String(g.start)}: ${String(g.used)}`),
  );
}

describe('commitTransaction', () => {
  it('leaves in memory the space, superblock and tree sizes a remount reads', () => {
    // Truncating the file drops 300 of its 700 extents: the fs and extent trees shrink, the commit frees nodes.
    const sim = simulation(700, [
      { op: 'truncate', file: 'F', size: 400 * 4 * KiB },
      { op: 'commit' },
    ]);
    const metadataBefore = sim.fs.space.info.metadata.used;
    sim.runAll();
    const { fs } = sim;
    expect(fs.space.info.metadata.used).toBeLessThan(metadataBefore);
    const again = remount(fs);
    expect(usedByGroup(fs)).toEqual(usedByGroup(again));
    expect(fs.committed.globalTreeBytes).toBe(again.committed.globalTreeBytes);
    const image = readImage(fs.device);
    if (!image.ok) throw new Error(image.error.message);
    const sb = image.value.superblock;
    expect(sb).toEqual(fs.committed.superblock);
    // The superblock's bytes_used is every block group's used bytes: data extents and tree nodes.
    const groupsUsed = (['data', 'metadata', 'system'] as const)
      .flatMap((type) => fs.space.groupsOf(type))
      .reduce((n, g) => n + g.used, 0);
    expect(sb.bytesUsed).toBe(groupsUsed);
    // Its system chunk array lists the system chunks, and only those.
    expect(sb.sysChunkArray.map((c) => c.logical)).toEqual(
      fs.space.groupsOf('system').map((g) => g.start),
    );
  });

  it('running the delayed refs reports the ref heads it ran, even when the reserve held nothing', () => {
    const { fs } = simulation(1, []);
    const released = (): string[] =>
      fs.rec.events.flatMap((e) =>
        e.kind === 'btrfs.release' ? [`${String(e.bytes)}: ${e.note}`] : [],
      );
    const before = released().length;
    fs.delayedRefsRsv.addHead(1 << 20);
    expect(runDelayedRefs(fs, 'a test')).toBe(0);
    expect(released().slice(before)).toEqual([
      '0: btrfs_run_delayed_refs: 1 ref head(s) run (a test); the delayed refs reserve gives back 0B',
    ]);
    // With no ref head left, a second run has nothing to report.
    expect(runDelayedRefs(fs, 'again')).toBe(0);
    expect(released()).toHaveLength(before + 1);
  });

  /** Marks every node of the metadata block groups as the committed trees': the commit finds no free node. */
  function fillMetadata(fs: Fs): void {
    const taken = new Set(fs.committed.nodes);
    for (const g of fs.space.groupsOf('metadata'))
      for (let at = g.start; at < g.start + g.length; at += fs.geo.nodeSize)
        taken.add(at);
    fs.committed = { ...fs.committed, nodes: taken };
  }

  it('allocates a metadata chunk when no free node is left for the trees, and writes them there', () => {
    const { fs } = simulation(1, []);
    const groups = fs.space.groupsOf('metadata').map((g) => g.start);
    fillMetadata(fs);
    const before = fs.rec.events.length;
    commitTransaction(fs, 'test');
    const allocated = fs.rec.events
      .slice(before)
      .flatMap((e) =>
        e.kind === 'call.enter' && e.fn === 'btrfs_chunk_alloc' ? [e.note] : [],
      );
    expect(allocated).toEqual([
      'the metadata block groups cannot hold a copy of the trees',
    ]);
    const added = fs.space
      .groupsOf('metadata')
      .filter((g) => !groups.includes(g.start));
    expect(added).toHaveLength(1);
    const [group] = added;
    if (group === undefined) throw new Error('no new metadata group');
    const { root } = fs.committed.superblock;
    expect(root >= group.start && root < group.start + group.length).toBe(true);
    // The unchanged trees stay shared where they were; a remount counts the same nodes in each group.
    expect(usedByGroup(remount(fs))).toEqual(usedByGroup(fs));
    expect(group.used).toBeGreaterThan(0);
  });

  it('fails with the reason when no free node is left and the device has no room for a chunk', () => {
    const { fs } = simulation(1, []);
    while (chunkAlloc(fs, 'data', 'force', 'fill the device') === 'allocated');
    fillMetadata(fs);
    let thrown: unknown = null;
    try {
      commitTransaction(fs, 'test');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as Error;
    expect(error.message).toBe(
      "commit: no metadata space left for the trees and no room for a chunk (the commit writes the trees' changed paths there)",
    );
    // The cause names what ran out: the node allocator of the metadata block groups.
    expect(String(error.cause)).toBe('Error: no free metadata node');
  });
});
