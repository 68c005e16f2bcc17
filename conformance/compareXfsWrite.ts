// Holds the xfs design to an xfs-write fixture with nothing allowlisted: every iomap iteration of the
// scenario's writes (type, flags, offset, length, addr of the iomap and the srcmap), the data fork as
// FIEMAP reports it (split where sharing starts or stops, as xfs_read_iomap_begin trims it), the COW fork's
// real extents with their disk blocks, and the file's size and sha256.

import { createHash } from 'node:crypto';
import { createXfsSimulation } from '../engine/sim/xfsSimulation.ts';
import { builtin } from '../engine/testing/runScenario.ts';
import type { IomapRec, IterRec } from '../engine/trace/records.ts';
import { extentEnd, trimExtent } from '../engine/xfs/forkExtents.ts';
import type { XfsFs } from '../engine/xfs/fs.ts';
import { trimAroundShared } from '../engine/xfs/sharedBlocks.ts';
import { DifferenceList, type Difference } from './difference.ts';
import type {
  KernelCowExtent,
  KernelExtent,
  KernelIomap,
  XfsWriteFixture,
} from './fixture.ts';

const flagsOf = (m: KernelIomap | IomapRec) =>
  [...m.flags].sort().join('|') || '(none)';

const shape = (m: KernelIomap | IomapRec | null) =>
  m === null
    ? 'none'
    : `${m.type} ${flagsOf(m)} [${String(m.offset)}, +${String(m.length)}) addr ${String(m.addr)}`;

/** A FIEMAP extent without the LAST flag (which only says where the listing ends). */
const fiemapShape = (e: KernelExtent) =>
  `[${String(e.logical)}, +${String(e.length)}) at ${String(e.physical)} ${
    e.flags
      .filter((f) => f !== 'last')
      .sort()
      .join(',') || '-'
  }`;

const cowShape = (e: KernelCowExtent) =>
  `[${String(e.startoff)}, +${String(e.blockcount)}) at ${String(e.startblock)}${e.unwritten ? ' unwritten' : ''}`;

/**
 * The engine's data fork as FIEMAP would list it: each real extent split at the edges of shared runs
 * (xfs_reflink_trim_around_shared), unwritten and shared flagged; delalloc extents as FIEMAP's delalloc.
 */
export function engineFiemap(fs: XfsFs, name: string): KernelExtent[] {
  const file = fs.byName(name);
  if (file === undefined) throw new Error(`no file ${name}`);
  const bs = file.inode.blockSize;
  const out: KernelExtent[] = [];
  for (const whole of file.inode.dataFork) {
    if (whole.state === 'delalloc') {
      out.push({
        logical: whole.startoff * bs,
        physical: 0,
        length: whole.blockcount * bs,
        flags: ['delalloc', 'unknown_loc'],
      });
      continue;
    }
    for (let at = whole.startoff; at < extentEnd(whole);) {
      const piece = trimExtent(whole, at, extentEnd(whole) - at);
      const { extent, shared } = trimAroundShared(fs.refcounts, piece);
      if (extent.state === 'delalloc')
        throw new Error('engineFiemap: a real extent became delalloc');
      out.push({
        logical: extent.startoff * bs,
        physical: extent.startblock * bs,
        length: extent.blockcount * bs,
        flags: [
          ...(extent.state === 'unwritten' ? ['unwritten'] : []),
          ...(shared ? ['shared'] : []),
        ],
      });
      at = extentEnd(extent);
    }
  }
  return out;
}

/** The engine's COW fork: real extents by disk block; a delalloc one with startblock -1. */
function engineCowFork(fs: XfsFs, name: string): KernelCowExtent[] {
  const fork = fs.byName(name)?.inode.cowFork ?? [];
  return fork.map((e) => ({
    startoff: e.startoff,
    startblock: e.state === 'delalloc' ? -1 : e.startblock,
    blockcount: e.blockcount,
    unwritten: e.state === 'unwritten',
  }));
}

export function compareXfsWrite(fixture: XfsWriteFixture): Difference[] {
  const scenario = builtin(fixture.scenario);
  const [file] = scenario.files;
  if (file === undefined) throw new Error(`${fixture.scenario} has no file`);
  const sim = createXfsSimulation({ scenario });
  const outcomes = sim.runAll();
  const writes = new Set(
    outcomes.filter((o) => o.spec.op === 'write').map((o) => o.op),
  );
  const iters: IterRec[] = [];
  for (const e of sim.events)
    if (writes.has(e.op))
      for (const c of e.changes ?? [])
        if (c.table === 'iter' && c.after !== null) iters.push(c.after);
  const differences = new DifferenceList(`${fixture.id} (xfs design)`);
  const differ = differences.compare.bind(differences);
  differ(
    null,
    'iterations',
    String(fixture.iterations.length),
    String(iters.length),
  );
  for (const [i, k] of fixture.iterations.entries()) {
    const e = iters[i];
    if (e === undefined) break;
    differ(i, 'dstmap', shape(k.dstmap), shape(e.iomap));
    differ(i, 'srcmap', shape(k.srcmap), shape(e.srcmap));
  }
  differ(
    null,
    'dataFork',
    fixture.dataFork.map(fiemapShape).join('; '),
    engineFiemap(sim.fs, file.name).map(fiemapShape).join('; '),
  );
  differ(
    null,
    'cowFork',
    fixture.cowFork.map(cowShape).join('; '),
    engineCowFork(sim.fs, file.name).map(cowShape).join('; '),
  );
  differ(
    null,
    'size',
    String(fixture.size),
    String(sim.fs.byName(file.name)?.inode.isize),
  );
  const hash = createHash('sha256');
  sim.streamFile(file.name, (bytes) => hash.update(bytes));
  differ(null, 'sha256', fixture.sha256, hash.digest('hex'));
  return differences.all;
}
