// A simulation: one scenario under one design, run operation by operation over a disk, with every step
// recorded and the data and durability oracles checked after every operation. Deterministic: same scenario, seed and
// design give the same events, byte for byte.

import { InvariantError } from '../core/assert.ts';
import {
  fileMatches,
  peekFile,
  rangeMatches,
  readSparse,
  streamFile,
} from '../oracle/fileView.ts';
import {
  compareSparse,
  DataOracle,
  type OracleVerdict,
} from '../oracle/oracle.ts';
import { DurabilityModel } from '../oracle/durability.ts';
import {
  opRanges,
  touchedRanges,
  watchDisk,
  watchFile,
  type DiskWrites,
  type FileWatch,
} from '../oracle/touched.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import type { Fs, FsInode } from '../btrfs/fs.ts';
import { diffRecords, fsRecords } from '../btrfs/fsRecords.ts';
import { mountFs } from '../btrfs/mount.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { WriteCache } from '../disk/writeCache.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import type { Op, Scenario, VariantId } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import { PowerCutSignal, Recorder } from '../trace/recorder.ts';
import type { PageRec } from '../trace/records.ts';
import { VARIANTS } from '../variants/registry.ts';
import { describeOp } from './describeOp.ts';
import { recordOpEnd, recordOpError, type OpOutcome } from './opEnd.ts';
import { runOp } from './runOp.ts';
import { prepareFs } from './setup.ts';

export interface SimulationConfig {
  readonly scenario: Scenario;
  readonly variant: VariantId;
  /** Record step events (default true). Off for benchmarks and the exerciser. */
  readonly trace?: boolean;
  /** The device to run on (default: a MemoryDisk of the scenario's size behind a write cache). */
  readonly device?: BlockDevice;
  /** Keep every operation's outcome (default true; the exerciser runs millions and keeps none). */
  readonly history?: boolean;
  /**
   * Cut the power just before step event `event` (tracing must be on): the operation in progress stops
   * there, the device loses what it had not flushed (a seeded part lands with `seed`), and the filesystem
   * is mounted again. No further operation runs.
   */
  readonly cutAt?: { readonly event: number; readonly seed?: number };
  /**
   * The data oracle reads every file in full after every this-many operations, after the first and the
   * scenario's last operation, and after each power cut and remount; after the others it compares only what
   * the operation could have changed (oracle/touched.ts), and a file that did not read back as written is
   * read in full after every operation until it does again. Default RUN_SWEEP_EVERY; 1 reads every file in
   * full after every operation.
   */
  readonly sweepEvery?: number;
  /** FsOptions.checkCommits: every commit is checked against one regenerating every item (tests). */
  readonly checkCommits?: boolean;
}

export type { OpOutcome } from './opEnd.ts';

/**
 * The full-sweep cadence of the runs people look at (the app's worker, the CLI's run, the golden logs):
 * with a whole read at the first and last operation, at every remount and of every file that disagreed,
 * each verdict is the one a whole read after every operation gives (the touched ranges hold every byte an
 * operation could change), without reading a large file back after each of its operations.
 */
export const RUN_SWEEP_EVERY = 64;

export interface Simulation {
  readonly scenario: Scenario;
  readonly variant: VariantId;
  /** The events recorded and not yet taken by takeEvents(). */
  readonly events: readonly StepEvent[];
  /** Hands over the events recorded since the last call and forgets them (a host streaming them keeps none). */
  takeEvents(): StepEvent[];
  readonly outcomes: readonly OpOutcome[];
  /** Runs the next operation of the scenario; null when all have run (or a cut ended the run). */
  step(): OpOutcome | null;
  /** Runs `op` as the next operation (the exerciser's way of feeding operations one by one). */
  apply(op: Op): OpOutcome;
  /** The data oracle over every file in full, now (the incremental oracle's closing sweep). */
  sweep(): OracleVerdict;
  /** The power cut of `cutAt`, once it happened: the operation it interrupted. */
  readonly cut: { readonly op: number } | null;
  /** fsync'ed or synced bytes that did not survive the power cuts so far (must stay 0). */
  readonly lostDurableBytes: number;
  runAll(): readonly OpOutcome[];
  /** The file's bytes as a read would return them (page cache, then disk), in one array: small files only. */
  fileBytes(name: string): Uint8Array;
  /** The same bytes streamed in order, a bounded piece at a time (hashing a file of any size). */
  streamFile(name: string, take: (bytes: Uint8Array) => void): void;
  /** The engine's live filesystem (tests and the invariant checker look inside). */
  readonly fs: Fs;
}

export function createSimulation(config: SimulationConfig): Simulation {
  const { scenario } = config;
  const rec = new Recorder(config.trace ?? true);
  const device =
    config.device ??
    new WriteCache(MemoryDisk.create(scenario.geometry.deviceSize));
  const fsOptions = { checkCommits: config.checkCommits ?? false };
  let fs = prepareFs(scenario, device, rec, fsOptions);
  let mounted = true;
  const variant = VARIANTS[config.variant];
  rec.changeAll(diffRecords({}, fsRecords(fs)));
  rec.emit(
    'sim.setup',
    { scenario: scenario.id, variant: config.variant },
    `mount the prepared filesystem for ${scenario.id} under the ${variant.title} design`,
  );
  const oracle = new DataOracle(scenario);
  const durability = new DurabilityModel();
  const fileNames = scenario.files.map((f) => f.name);
  for (const name of fileNames) durability.persist(name, oracle.expected(name));
  const outcomes: OpOutcome[] = [];
  const findings: string[] = [];
  let lostDurableBytes = 0;

  function entryOf(name: string): FsInode {
    const entry = fs.byName(name);
    if (entry === undefined) throw new InvariantError(`unknown file ${name}`);
    return entry;
  }

  /** Power cut or clean unmount, then mount from the device: the page cache starts empty. */
  function remount(kind: 'power-cut' | 'remount', seed?: number): Result<void> {
    const before = fsRecords(fs);
    if (kind === 'power-cut')
      rec.call(
        'power_cut',
        'the power fails: memory and the disk cache are lost',
        () => {
          const cut =
            device instanceof WriteCache
              ? device.powerCut(seed === undefined ? {} : { seed })
              : { lostBlocks: 0, appliedBlocks: 0 };
          // The page cache vanishes with the power, before anything is mounted again.
          const none = new Map<string, PageRec>();
          rec.changeAll(
            diffRecords({ page: before.page ?? none }, { page: none }),
          );
          before.page = none;
          rec.emit(
            'power.cut',
            { lostBlocks: cut.lostBlocks, landedBlocks: cut.appliedBlocks },
            `the page cache is gone; ${String(cut.lostBlocks)} unflushed block(s) never reached the disk${cut.appliedBlocks > 0 ? `, ${String(cut.appliedBlocks)} landed in some order` : ''}`,
          );
        },
      );
    const m = rec.mute(() =>
      mountFs(device, {
        pageSize: scenario.geometry.pageSize,
        rec,
        names: fs.extentTree,
        ...fsOptions,
      }),
    );
    if (!m.ok) {
      mounted = false;
      findings.push(`mount failed: ${m.error.message}`);
      return fail(m.error.errno, m.error.message);
    }
    // A crafted image may mount as a consistent filesystem that no longer holds the scenario's files.
    const gone = fileNames.find(
      (name) => m.value.fs.byName(name) === undefined,
    );
    if (gone !== undefined) {
      mounted = false;
      const message = `the mounted image holds no file ${JSON.stringify(gone)}: it is not the filesystem this scenario wrote`;
      findings.push(`mount failed: ${message}`);
      return fail('EUCLEAN', message);
    }
    fs = m.value.fs;
    rec.changeAll(diffRecords(before, fsRecords(fs)));
    rec.emit(
      'fs.mount',
      { generation: fs.generation, copy: m.value.copy },
      `mount: superblock copy ${String(m.value.copy)}, generation ${String(fs.generation)}; the page cache starts empty`,
    );
    for (const name of fileNames) {
      const actual = readSparse(fs, entryOf(name));
      const kept = durability.verify(name, actual, kind);
      lostDurableBytes += kept.lostBytes;
      findings.push(...kept.mismatches);
      oracle.replace(name, actual);
    }
    return ok(undefined);
  }

  /** What one operation may change, noted as it begins: null when the oracle sweeps after it. */
  interface Scope {
    readonly op: Op;
    readonly files: readonly FileWatch[];
    readonly writes: DiskWrites;
  }

  const sweepEvery = config.sweepEvery ?? RUN_SWEEP_EVERY;
  /** Files whose last verdict found a mismatch: read in full until they agree again. */
  const suspect = new Set<string>();

  function openScope(index: number, op: Op): Scope | null {
    if (!mounted || (index + 1) % sweepEvery === 0) return null;
    if (index === 0 || index === scenario.ops.length - 1) return null;
    if (op.op === 'power-cut' || op.op === 'remount') return null;
    return {
      op,
      files: fileNames.map((name) => watchFile(fs, entryOf(name))),
      writes: watchDisk(fs),
    };
  }

  /** True when the file reads back its model where the scope's operation may have changed it. */
  function agreesWhereTouched(
    scope: Scope,
    watch: FileWatch,
    name: string,
  ): boolean {
    const expected = oracle.expected(name);
    const entry = entryOf(name);
    if (watch.fs !== fs || watch.entry !== entry)
      return fileMatches(fs, entry, expected);
    if (expected.size !== entry.inode.isize) return false;
    return touchedRanges(
      watch,
      opRanges(scope.op, name),
      scope.writes.ranges,
    ).every((r) => rangeMatches(fs, entry, expected, r.start, r.end));
  }

  /** The oracles' verdict after an operation (`track`: remember which files disagreed), or of a sweep. */
  function verdict(scope: Scope | null, track: boolean): OracleVerdict {
    const mismatches: string[] = [...findings];
    findings.length = 0;
    if (mounted)
      for (const [i, name] of fileNames.entries()) {
        const expected = oracle.expected(name);
        const entry = entryOf(name);
        const watch = suspect.has(name) ? undefined : scope?.files[i];
        if (
          scope !== null && watch !== undefined
            ? agreesWhereTouched(scope, watch, name)
            : fileMatches(fs, entry, expected)
        ) {
          if (track) suspect.delete(name);
          continue;
        }
        if (track) suspect.add(name);
        mismatches.push(
          ...compareSparse(name, expected, readSparse(fs, entry)).mismatches,
        );
      }
    return { ok: mismatches.length === 0, mismatches };
  }

  let opCount = 0;
  let cut: { op: number } | null = null;
  if (config.cutAt !== undefined) rec.cutBefore = config.cutAt.event;

  function runOne(index: number, op: Op): Result<number> {
    if (!mounted)
      return fail(
        'EIO',
        'the filesystem is not mounted (the last mount failed)',
      );
    return runOp(
      {
        fs,
        variant,
        oracle,
        durability,
        findings,
        remount,
        dirtyLimit: scenario.space.dirtyLimit,
      },
      index,
      op,
      fileNames,
    );
  }

  function apply(op: Op): OpOutcome {
    const index = opCount++;
    rec.op = index;
    const scope = openScope(index, op);
    try {
      fs.counters.begin(index);
      rec.emit('op.start', { opSpec: op }, describeOp(op));
      return finish(index, op, runOne(index, op), scope);
    } catch (e) {
      if (!(e instanceof PowerCutSignal)) throw e;
      // The cut interrupts the operation wherever it was; the frames it had open never return.
      cut = { op: index };
      rec.cutBefore = -1;
      rec.abandon(e.frames, 'the power failed: this call never returns');
      const r = remount('power-cut', config.cutAt?.seed);
      fs.counters.begin(index);
      return finish(
        index,
        op,
        r.ok ? ok(0) : fail(r.error.errno, r.error.message),
        null,
      );
    } finally {
      scope?.writes.close();
    }
  }

  /** The operation's result, the oracles' verdict and its counters, as events and an outcome. */
  function finish(
    index: number,
    op: Op,
    r: Result<number>,
    scope: Scope | null,
  ): OpOutcome {
    recordOpError(rec, r);
    const outcome = recordOpEnd(
      rec,
      fs.counters,
      index,
      op,
      r,
      verdict(scope, true),
      scope === null ? null : sweepEvery,
    );
    if (config.history ?? true) outcomes.push(outcome);
    return outcome;
  }

  function step(): OpOutcome | null {
    const op = scenario.ops[opCount];
    return op === undefined || cut !== null ? null : apply(op);
  }

  return {
    scenario,
    variant: config.variant,
    events: rec.events,
    takeEvents: () => rec.events.splice(0),
    outcomes,
    get fs() {
      return fs;
    },
    get cut() {
      return cut;
    },
    get lostDurableBytes() {
      return lostDurableBytes;
    },
    step,
    apply,
    sweep: () => verdict(null, false),
    runAll() {
      while (step() !== null);
      return outcomes;
    },
    fileBytes: (name) => peekFile(fs, entryOf(name)),
    streamFile: (name, take) => {
      streamFile(fs, entryOf(name), take);
    },
  };
}
