// A simulation of an XFS scenario under the `xfs` design: the prepared XFS filesystem, one operation at a
// time through the generic iomap core and XFS writeback, every step recorded and the data oracle checked
// after each operation. Rule: deterministic, like the btrfs simulation, with the same events and outcomes.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import {
  compareFile,
  DataOracle,
  type OracleVerdict,
} from '../oracle/oracle.ts';
import type { Op, Scenario } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import type { XfsFile, XfsFs } from '../xfs/fs.ts';
import { prepareXfs } from '../xfs/mkfs.ts';
import { xfsReadRange } from '../xfs/readFile.ts';
import { xfsWritepages } from '../xfs/writeback.ts';
import { xfsFileBufferedWrite } from '../xfs/writeOps.ts';
import { xfsFallocate } from '../xfs/fallocate.ts';
import { xfsRemapRange } from '../xfs/reflinkRemap.ts';
import { xfsSetattrSize } from '../xfs/setattrSize.ts';
import { zeroPastEof } from '../xfs/zeroRange.ts';
import { checkRange, writeSource } from './runOp.ts';
import { copyChecks } from '../core/copyChecks.ts';
import { recordOpEnd, recordOpError } from './opEnd.ts';
import { XfsStateRecorder } from './xfsRecords.ts';
import { describeOp } from './describeOp.ts';
import type { OpOutcome } from './simulation.ts';

export interface XfsSimulation {
  readonly scenario: Scenario;
  /** The events recorded and not yet taken by takeEvents(). */
  readonly events: readonly StepEvent[];
  /** Hands over the events recorded since the last call and forgets them (a host streaming them keeps none). */
  takeEvents(): StepEvent[];
  /** Every op's outcome, unless created with history: false. */
  readonly outcomes: readonly OpOutcome[];
  runAll(): readonly OpOutcome[];
  /** Runs the scenario's next op; null when none is left. */
  step(): OpOutcome | null;
  /** Runs an op that is not in the scenario (the exerciser's), as the next op. */
  apply(op: Op): OpOutcome;
  /** The data oracle over every file, whole (the check apply already makes after each op). */
  sweep(): OracleVerdict;
  /** The file's bytes streamed in order (as the btrfs simulation's streamFile). */
  streamFile(name: string, take: (bytes: Uint8Array) => void): void;
  readonly fs: XfsFs;
}

/** Files are streamed this many bytes at a time. */
const STREAM_CHUNK = 1024 * 1024;

export function createXfsSimulation(config: {
  readonly scenario: Scenario;
  readonly trace?: boolean;
  /** Keep every outcome (default true; a long exerciser run keeps none). */
  readonly history?: boolean;
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
  /** The next op's index, and the next scenario op to run. */
  let next = 0;
  let cursor = 0;

  function fileOf(name: string): XfsFile {
    const file = fs.byName(name);
    if (file === undefined) throw new InvariantError(`unknown file ${name}`);
    return file;
  }

  function runOne(index: number, op: Op): Result<number> {
    switch (op.op) {
      case 'write': {
        const src = writeSource(op, index);
        if (!src.ok) return fail(src.error.errno, src.error.message);
        return src.value === null
          ? ok(0)
          : write(op.file, op.offset, src.value);
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
      case 'truncate': {
        const bad = checkRange(op.size, 0);
        if (bad !== null) return fail(bad.errno, bad.message);
        const r = xfsSetattrSize(fs, fileOf(op.file), op.size);
        if (!r.ok) return r;
        oracle.resize(op.file, op.size);
        return ok(0);
      }
      case 'fallocate': {
        const bad = checkRange(op.offset, op.length);
        if (bad !== null) return fail(bad.errno, bad.message);
        const before = oracle.expected(op.file).size;
        const r = xfsFallocate(fs, fileOf(op.file), op);
        if (!r.ok) return r;
        const end = op.offset + op.length;
        if (!op.keepSize && end > before) oracle.resize(op.file, end);
        if (op.mode !== 'allocate') oracle.zero(op.file, op.offset, end);
        return ok(0);
      }
      case 'clone-range':
      case 'dedupe-range': {
        const bad =
          checkRange(op.srcOffset, op.length) ??
          checkRange(op.offset, op.length);
        if (bad !== null) return fail(bad.errno, bad.message);
        const r = xfsRemapRange(
          fs,
          fileOf(op.file),
          op,
          op.op === 'dedupe-range',
        );
        if (r.ok && op.op === 'clone-range' && r.value > 0)
          oracle.copy(op.file, op.srcOffset, r.value, op.offset);
        return r;
      }
      case 'copy-range': {
        const bad =
          checkRange(op.srcOffset, op.length) ??
          checkRange(op.offset, op.length);
        if (bad !== null) return fail(bad.errno, bad.message);
        return copyRange(op.file, op);
      }
      case 'commit':
      case 'power-cut':
      case 'remount':
        return fail(
          'EOPNOTSUPP',
          `${op.op} is not modelled on XFS (validation refuses it)`,
        );
    }
  }

  /** xfs_file_buffered_write: past EOF, the old EOF block's tail is zeroed first (xfs_file_write_checks). */
  function write(name: string, pos: number, buf: UserBuffer): Result<number> {
    const file = fileOf(name);
    return fs.rec.call(
      'xfs_file_buffered_write',
      'write(2) on XFS: the iomap core with XFS as its host',
      () => {
        if (pos > file.inode.isize) {
          const zeroed = zeroPastEof(fs, file, pos);
          if (!zeroed.ok) return zeroed;
        }
        const r = xfsFileBufferedWrite(
          { fs, entry: file, buf, base: pos },
          pos,
          buf.length,
        );
        if (r.ok) oracle.write(name, pos, buf.bytes(0, r.value));
        return r;
      },
    );
  }

  /**
   * copy_file_range within a file (vfs_copy_file_range): a reflink when the ranges are block aligned (or
   * end at EOF), else a splice: a read of the source and a buffered write of its bytes.
   */
  function copyRange(
    name: string,
    args: { srcOffset: number; length: number; offset: number },
  ): Result<number> {
    const file = fileOf(name);
    const plan = copyChecks(file.inode.blockSize, file.inode.isize, args);
    if (!plan.ok) return plan;
    const { len, aligned } = plan.value;
    if (len === 0) return ok(0);
    return fs.rec.call(
      'vfs_copy_file_range',
      `copy ${String(len)} bytes from ${String(args.srcOffset)} to ${String(args.offset)}`,
      () => {
        if (aligned) {
          const r = xfsRemapRange(fs, file, { ...args, length: len }, false);
          if (r.ok && r.value > 0)
            oracle.copy(name, args.srcOffset, r.value, args.offset);
          return r;
        }
        const read = xfsReadRange(fs, file, args.srcOffset, len);
        return write(name, args.offset, new UserBuffer(len, read, 0));
      },
    );
  }

  function sweep(): OracleVerdict {
    const mismatches = scenario.files.flatMap((f) => {
      const file = fileOf(f.name);
      const expected = oracle.expected(f.name);
      return compareFile(
        f.name,
        expected.slice(0, expected.size),
        xfsReadRange(fs, file, 0, file.inode.isize),
      ).mismatches;
    });
    return { ok: mismatches.length === 0, mismatches };
  }

  function apply(op: Op): OpOutcome {
    const index = next++;
    rec.op = index;
    fs.counters.begin(index);
    rec.emit('op.start', { opSpec: op }, describeOp(op));
    const r = runOne(index, op);
    recordOpError(rec, r);
    const outcome = recordOpEnd(rec, fs.counters, index, op, r, sweep());
    if (config.history ?? true) outcomes.push(outcome);
    return outcome;
  }

  function step(): OpOutcome | null {
    const op = scenario.ops[cursor];
    if (op === undefined) return null;
    cursor++;
    return apply(op);
  }

  return {
    scenario,
    events: rec.events,
    takeEvents: () => rec.events.splice(0),
    outcomes,
    runAll() {
      while (step() !== null);
      return outcomes;
    },
    step,
    apply,
    sweep,
    streamFile(name, take) {
      const file = fileOf(name);
      for (let at = 0; at < file.inode.isize; at += STREAM_CHUNK)
        take(xfsReadRange(fs, file, at, STREAM_CHUNK));
    },
    fs,
  };
}
