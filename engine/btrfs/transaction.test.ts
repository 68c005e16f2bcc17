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
import { runDelayedRefs } from './transaction.ts';

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
});
