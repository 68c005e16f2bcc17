// A simulation: one scenario under one design, run operation by operation over a disk, with every step
// recorded and the data oracle checked after every operation. Deterministic: same scenario, seed and
// design give the same events, byte for byte.

import { InvariantError } from '../core/assert.ts';
import {
  compareFile,
  DataOracle,
  peekFile,
  type OracleVerdict,
} from '../check/oracle.ts';
import { fail, ok, type ErrnoError, type Result } from '../core/errno.ts';
import { MAX_FILE_SIZE } from '../core/limits.ts';
import { shortSize } from '../core/units.ts';
import type { Fs, FsInode } from '../btrfs/fs.ts';
import { completeAllIo } from '../btrfs/ordered.ts';
import { bufferedRead } from '../btrfs/readpage.ts';
import { writepages } from '../btrfs/writeback.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { WriteCache } from '../disk/writeCache.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import type { Op, Scenario, VariantId } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import { Recorder } from '../trace/recorder.ts';
import type { CountersRec } from '../trace/records.ts';
import { VARIANTS } from '../variants/registry.ts';
import { buildFs } from './setup.ts';

export interface SimulationConfig {
  readonly scenario: Scenario;
  readonly variant: VariantId;
  /** Record step events (default true). Off for benchmarks and the exerciser. */
  readonly trace?: boolean;
  /** The device to run on (default: a MemoryDisk of the scenario's size behind a write cache). */
  readonly device?: BlockDevice;
}

export interface OpOutcome {
  readonly op: number;
  readonly spec: Op;
  /** Bytes written or read; -1 with an errno. */
  readonly result: number;
  readonly error: ErrnoError | null;
  readonly counters: CountersRec;
  readonly oracle: OracleVerdict;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly variant: VariantId;
  readonly events: readonly StepEvent[];
  readonly outcomes: readonly OpOutcome[];
  /** Runs the next operation; null when all have run. */
  step(): OpOutcome | null;
  runAll(): readonly OpOutcome[];
  /** The file's bytes as a read would return them (page cache, then disk). */
  fileBytes(name: string): Uint8Array;
  /** The engine's live filesystem (tests and the invariant checker look inside). */
  readonly fs: Fs;
}

export function createSimulation(config: SimulationConfig): Simulation {
  const { scenario } = config;
  const rec = new Recorder(config.trace ?? true);
  const device =
    config.device ??
    new WriteCache(MemoryDisk.create(scenario.geometry.deviceSize));
  const fs = buildFs(scenario, device, rec);
  const variant = VARIANTS[config.variant];
  rec.emit(
    'sim.setup',
    { scenario: scenario.id, variant: config.variant },
    `mount the prepared filesystem for ${scenario.id} under the ${variant.title} design`,
  );
  const oracle = new DataOracle(scenario);
  const outcomes: OpOutcome[] = [];

  function inode(name: string): FsInode {
    const entry = fs.byName(name);
    if (entry === undefined) throw new InvariantError(`unknown file ${name}`);
    return entry;
  }

  function checkRange(offset: number, length: number): ErrnoError | null {
    if (!Number.isSafeInteger(offset) || offset < 0)
      return {
        errno: 'EINVAL',
        message: `offset ${String(offset)} is not a non-negative integer`,
      };
    if (!Number.isSafeInteger(length) || length < 0)
      return {
        errno: 'EINVAL',
        message: `length ${String(length)} is not a non-negative integer`,
      };
    if (offset + length > MAX_FILE_SIZE)
      return {
        errno: 'EFBIG',
        message: `the range ends past the maximum file size (${shortSize(MAX_FILE_SIZE)})`,
      };
    return null;
  }

  function runOp(index: number, op: Op): Result<number> {
    switch (op.op) {
      case 'write': {
        const bad = checkRange(op.offset, op.length);
        if (bad !== null) return fail(bad.errno, bad.message);
        if (op.length === 0) return ok(0);
        const entry = inode(op.file);
        const buf = new UserBuffer(
          op.length,
          op.pattern,
          index + 1,
          op.shortCopyAt,
        );
        const r = variant.bufferedWrite(
          { fs, entry, buf, base: op.offset },
          op.offset,
          op.length,
        );
        if (r.ok && r.value > 0)
          oracle.write(op.file, op.offset, buf.bytes(0, r.value));
        return r;
      }
      case 'read': {
        const bad = checkRange(op.offset, op.length);
        if (bad !== null) return fail(bad.errno, bad.message);
        const entry = inode(op.file);
        const r = bufferedRead(fs, entry, op.offset, op.length);
        if (!r.ok) return fail(r.error.errno, r.error.message);
        const expected = oracle
          .expected(op.file)
          .subarray(op.offset, op.offset + r.value.length);
        const verdict = compareFile(op.file, expected, r.value);
        if (!verdict.ok)
          rec.emit(
            'oracle.check',
            verdict,
            `the read returned wrong bytes: ${verdict.mismatches.join('; ')}`,
          );
        return ok(r.value.length);
      }
      case 'writeback':
        writepages(fs, inode(op.file), op.wait);
        return ok(0);
      case 'complete-io':
        rec.call(
          'complete_io',
          'let every in-flight bio and ordered extent complete',
          () => {
            completeAllIo(fs);
          },
        );
        return ok(0);
    }
  }

  function verdict(): OracleVerdict {
    const mismatches: string[] = [];
    for (const file of scenario.files)
      mismatches.push(
        ...compareFile(
          file.name,
          oracle.expected(file.name),
          peekFile(fs, inode(file.name)),
        ).mismatches,
      );
    return { ok: mismatches.length === 0, mismatches };
  }

  function step(): OpOutcome | null {
    const index = outcomes.length;
    const op = scenario.ops[index];
    if (op === undefined) return null;
    rec.op = index;
    fs.counters.begin(index);
    rec.emit('op.start', { opSpec: op }, describeOp(op));
    const r = runOp(index, op);
    const error = r.ok ? null : r.error;
    if (error !== null)
      rec.emit(
        'error',
        { errno: error.errno, message: error.message },
        `${error.errno}: ${error.message}`,
      );
    const v = verdict();
    rec.change('opResult', String(index), null, {
      op: index,
      result: r.ok ? r.value : -1,
      errno: error?.errno ?? null,
      oracleOk: v.ok,
      mismatches: v.mismatches,
    });
    rec.emit(
      'oracle.check',
      v,
      v.ok
        ? 'the data oracle agrees: every file reads back what was written'
        : `DATA LOSS: ${v.mismatches.join('; ')}`,
    );
    const counters = fs.counters.end();
    rec.emit(
      'op.end',
      { result: r.ok ? r.value : -1, errno: error?.errno ?? null },
      r.ok
        ? `operation ${String(index + 1)} returns ${String(r.value)}`
        : `operation ${String(index + 1)} fails with ${error?.errno ?? ''}`,
    );
    const outcome: OpOutcome = {
      op: index,
      spec: op,
      result: r.ok ? r.value : -1,
      error,
      counters,
      oracle: v,
    };
    outcomes.push(outcome);
    return outcome;
  }

  return {
    scenario,
    variant: config.variant,
    events: rec.events,
    outcomes,
    fs,
    step,
    runAll() {
      while (step() !== null);
      return outcomes;
    },
    fileBytes: (name) => peekFile(fs, inode(name)),
  };
}

export function describeOp(op: Op): string {
  switch (op.op) {
    case 'write':
      return `write(${op.file}, ${shortSize(op.length)} at ${shortSize(op.offset)})`;
    case 'read':
      return `read(${op.file}, ${shortSize(op.length)} at ${shortSize(op.offset)})`;
    case 'writeback':
      return `writeback of ${op.file}${op.wait ? ' (wait for completion)' : ' (I/O left in flight)'}`;
    case 'complete-io':
      return 'complete every in-flight I/O';
  }
}
