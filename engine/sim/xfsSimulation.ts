// A simulation of an XFS scenario under the `xfs` design: the prepared XFS filesystem, one operation at a
// time through the generic iomap core and XFS writeback, every step recorded and the data oracle checked
// after each operation. Rule: deterministic, like the btrfs simulation, with the same events and outcomes.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import { compareFile, DataOracle } from '../oracle/oracle.ts';
import type { Op, Scenario } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import type { XfsFile, XfsFs } from '../xfs/fs.ts';
import { prepareXfs } from '../xfs/mkfs.ts';
import { xfsReadRange } from '../xfs/readFile.ts';
import { xfsWritepages } from '../xfs/writeback.ts';
import { xfsFileBufferedWrite } from '../xfs/writeOps.ts';
import { recordOpEnd, recordOpError } from './opEnd.ts';
import { XfsStateRecorder } from './xfsRecords.ts';
import { describeOp, type OpOutcome } from './simulation.ts';

export interface XfsSimulation {
  readonly scenario: Scenario;
  readonly events: readonly StepEvent[];
  readonly outcomes: readonly OpOutcome[];
  runAll(): readonly OpOutcome[];
  /** Runs the next operation and returns its outcome, or null when every operation has run. */
  step(): OpOutcome | null;
  /** The file's bytes streamed in order (as the btrfs simulation's streamFile). */
  streamFile(name: string, take: (bytes: Uint8Array) => void): void;
  readonly fs: XfsFs;
}

/** Files are streamed this many bytes at a time. */
const STREAM_CHUNK = 1024 * 1024;

export function createXfsSimulation(config: {
  readonly scenario: Scenario;
  readonly trace?: boolean;
}): XfsSimulation {
  const { scenario } = config;
  if (scenario.filesystem !== 'xfs')
    throw new InvariantError(`${scenario.id} is not an XFS scenario`);
  const rec = new XfsStateRecorder(config.trace ?? true);
  const fs = prepareXfs(
    scenario,
    MemoryDisk.create(scenario.geometry.deviceSize),
    rec,
  );
  // The forks, counters and refcounts as records, from sim.setup on (the app draws them).
  rec.watch(fs);
  rec.emit(
    'sim.setup',
    { scenario: scenario.id, variant: 'xfs' },
    `mkfs.xfs -m reflink=1 and the prepared files for ${scenario.id}; buffered writes go through the iomap core with xfs_buffered_write_iomap_ops`,
  );
  const oracle = new DataOracle(scenario);
  const outcomes: OpOutcome[] = [];
  let next = 0;

  function fileOf(name: string): XfsFile {
    const file = fs.byName(name);
    if (file === undefined) throw new InvariantError(`unknown file ${name}`);
    return file;
  }

  function runOne(index: number, op: Op): Result<number> {
    switch (op.op) {
      case 'write': {
        const file = fileOf(op.file);
        if (op.length === 0) return ok(0);
        const buf = new UserBuffer(
          op.length,
          op.pattern,
          index + 1,
          op.shortCopyAt,
        );
        const r = fs.rec.call(
          'xfs_file_buffered_write',
          'write(2) on XFS: the iomap core with XFS as its host',
          () =>
            xfsFileBufferedWrite(
              { fs, entry: file, buf, base: op.offset },
              op.offset,
              op.length,
            ),
        );
        if (r.ok) oracle.write(op.file, op.offset, buf.bytes(0, r.value));
        return r;
      }
      case 'read':
        return ok(
          xfsReadRange(fs, fileOf(op.file), op.offset, op.length).length,
        );
      case 'writeback':
      case 'fsync':
        // SIMPLIFICATION: writeback completes its I/O at once (no in-flight state), and fsync forces no
        // log: the model keeps no on-disk inode or log to force.
        xfsWritepages(fs, fileOf(op.file));
        return ok(0);
      case 'sync':
        for (const file of fs.allFiles()) xfsWritepages(fs, file);
        return ok(0);
      case 'complete-io':
        return ok(0);
      case 'drop-caches':
        for (const file of fs.allFiles())
          for (const page of file.mapping.all())
            if (!page.dirty.includes(1))
              file.mapping.remove(
                page,
                'drop_caches: a clean page leaves the cache',
              );
        return ok(0);
      case 'truncate':
      case 'fallocate':
      case 'clone-range':
      case 'dedupe-range':
      case 'copy-range':
      case 'commit':
      case 'power-cut':
      case 'remount':
        return fail(
          'EOPNOTSUPP',
          `${op.op} is not modelled on XFS (validation refuses it)`,
        );
    }
  }

  function apply(op: Op): OpOutcome {
    const index = next++;
    rec.op = index;
    fs.counters.begin(index);
    rec.emit('op.start', { opSpec: op }, describeOp(op));
    const r = runOne(index, op);
    recordOpError(rec, r);
    const mismatches = scenario.files.flatMap((f) => {
      const file = fileOf(f.name);
      const expected = oracle.expected(f.name);
      return compareFile(
        f.name,
        expected.slice(0, expected.size),
        xfsReadRange(fs, file, 0, file.inode.isize),
      ).mismatches;
    });
    const outcome = recordOpEnd(rec, fs.counters, index, op, r, {
      ok: mismatches.length === 0,
      mismatches,
    });
    outcomes.push(outcome);
    return outcome;
  }

  function step(): OpOutcome | null {
    const op = scenario.ops[next];
    return op === undefined ? null : apply(op);
  }

  return {
    scenario,
    events: rec.events,
    outcomes,
    step,
    runAll() {
      while (step() !== null);
      return outcomes;
    },
    streamFile(name, take) {
      const file = fileOf(name);
      for (let at = 0; at < file.inode.isize; at += STREAM_CHUNK)
        take(xfsReadRange(fs, file, at, STREAM_CHUNK));
    },
    fs,
  };
}
