// Holds the engine's srcmap design, and the xfs design itself (compareXfsDesign), to the real srcmap: the iomap and srcmap types and flags XFS reported
// (iomap_iter_dstmap / iomap_iter_srcmap) for S2's unaligned overwrite of a reflinked file, against the
// iomap and srcmap of each iteration of the same write in the engine. Offsets and lengths are left out:
// XFS reserves delalloc blocks beyond the write (speculative preallocation) and trims the srcmap to
// its COW reservation, which btrfs does not.

import { createHash } from 'node:crypto';
import type { Scenario } from '../engine/scenario/types.ts';
import { createXfsSimulation } from '../engine/sim/xfsSimulation.ts';
import { createSimulation } from '../engine/sim/simulation.ts';
import { builtin } from '../engine/testing/runScenario.ts';
import type { IomapRec, IterRec } from '../engine/trace/records.ts';
import { DifferenceList, type Difference } from './difference.ts';
import type { KernelIomap, XfsSrcmapFixture } from './fixture.ts';

/** The fixture's scenario as the engine runs it: the file's extents shared, as the reflink made them. */
export function sharedScenario(id: string): Scenario {
  const s = builtin(id);
  return {
    ...s,
    files: s.files.map((f) => ({
      ...f,
      extents: f.extents.map((e) => ({ ...e, shared: true })),
    })),
  };
}

/** The iterations of the scenario's first operation under the srcmap design. */
export function engineIterations(scenario: Scenario): IterRec[] {
  const sim = createSimulation({ scenario, variant: 'srcmap' });
  const from = sim.events.length;
  sim.step();
  const iters: IterRec[] = [];
  for (const e of sim.events.slice(from))
    for (const c of e.changes ?? [])
      if (c.table === 'iter' && c.after !== null) iters.push(c.after);
  return iters;
}

const flags = (m: KernelIomap | IomapRec | null) =>
  m === null ? 'none' : [...m.flags].sort().join('|') || '(none)';
const type = (m: KernelIomap | IomapRec | null) =>
  m === null ? 'none' : m.type;

export function compareXfs(fixture: XfsSrcmapFixture): Difference[] {
  const engine = engineIterations(sharedScenario(fixture.scenario));
  const differences = new DifferenceList(fixture.id);
  const differ = differences.compare.bind(differences);
  differ(
    0,
    'iterations',
    String(fixture.iterations.length),
    String(engine.length),
  );
  for (const [i, k] of fixture.iterations.entries()) {
    const e = engine[i];
    if (e === undefined) break;
    differ(0, 'dstmap.type', type(k.dstmap), type(e.iomap));
    differ(0, 'dstmap.flags', flags(k.dstmap), flags(e.iomap));
    differ(0, 'srcmap.type', type(k.srcmap), type(e.srcmap));
    differ(0, 'srcmap.flags', flags(k.srcmap), flags(e.srcmap));
  }
  return differences.all;
}

/** The XFS version of a fixture's btrfs scenario (X2 for S2): the built-in with "filesystem": "xfs". */
export const XFS_BUILTIN: Readonly<Record<string, string>> = { S2: 'X2' };

/**
 * Holds the xfs design itself to the fixture, with nothing allowlisted: every iteration's iomap and srcmap
 * (type, flags, offset, length, addr), then the file's size and sha256 after the scenario's fsync.
 */
export function compareXfsDesign(fixture: XfsSrcmapFixture): Difference[] {
  const id = XFS_BUILTIN[fixture.scenario];
  if (id === undefined)
    throw new Error(`no XFS built-in for ${fixture.scenario}`);
  const sim = createXfsSimulation({ scenario: builtin(id) });
  const [write] = sim.runAll();
  const engine: IterRec[] = [];
  for (const e of sim.events)
    if (e.op === write?.op)
      for (const c of e.changes ?? [])
        if (c.table === 'iter' && c.after !== null) engine.push(c.after);
  const differences = new DifferenceList(`${fixture.id} (xfs design)`);
  const differ = differences.compare.bind(differences);
  differ(
    0,
    'iterations',
    String(fixture.iterations.length),
    String(engine.length),
  );
  const shape = (m: KernelIomap | IomapRec | null) =>
    m === null
      ? 'none'
      : `${m.type} ${flags(m)} [${String(m.offset)}, +${String(m.length)}) addr ${String(m.addr)}`;
  for (const [i, k] of fixture.iterations.entries()) {
    const e = engine[i];
    if (e === undefined) break;
    differ(0, 'dstmap', shape(k.dstmap), shape(e.iomap));
    differ(0, 'srcmap', shape(k.srcmap), shape(e.srcmap));
  }
  const hash = createHash('sha256');
  sim.streamFile('F', (bytes) => hash.update(bytes));
  differ(
    0,
    'size',
    String(fixture.fileSize),
    String(sim.fs.byName('F')?.inode.isize),
  );
  differ(0, 'sha256', fixture.sha256, hash.digest('hex'));
  return differences.all;
}
