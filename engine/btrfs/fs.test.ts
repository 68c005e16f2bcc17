// The Fs instance: its options, the space flusher it must be given, and what a file extent item change
// tells the running transaction (the items the next commit regenerates).

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { Recorder } from '../trace/recorder.ts';
import { Fs } from './fs.ts';

/** A filesystem of the simulation's geometry and device, made again from its committed state. */
function freshFs(options?: { checkCommits: boolean }) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'fs',
      files: [{ name: 'F', size: 0 }],
      ops: [],
    }),
    variant: 'srcmap',
  });
  const { geo, device, committed } = sim.fs;
  return new Fs(geo, device, new Recorder(true), committed, options);
}

describe('Fs', () => {
  it('checks commits only when asked', () => {
    expect(freshFs().checkCommits).toBe(false);
    expect(freshFs({ checkCommits: true }).checkCommits).toBe(true);
  });

  it('has no space flusher until one is attached', () => {
    const fs = freshFs();
    expect(() => fs.flusher).toThrow('the filesystem has no space flusher');
  });

  it('a file extent item marks its own key and, when it has one, its disk extent changed', () => {
    const fs = freshFs();
    const entry = fs.createInode('G', 8192, []);
    expect([...fs.changes.inodes]).toContain(entry.inode.ino);
    const item = {
      ino: entry.inode.ino,
      numBytes: 4096,
      type: 'regular' as const,
      diskNumBytes: 4096,
      extentOffset: 0,
      ramBytes: 4096,
    };
    // A hole item (disk_bytenr 0) points at no extent item.
    entry.extents.insert({ ...item, offset: 0, diskBytenr: 0 });
    expect([...fs.changes.extents]).toEqual([]);
    entry.extents.insert({ ...item, offset: 4096, diskBytenr: 1 << 20 });
    expect([...fs.changes.extents]).toEqual([1 << 20]);
    expect([...(fs.changes.fileExtents.get(entry.inode.ino) ?? [])]).toEqual([
      0, 4096,
    ]);
  });
});
