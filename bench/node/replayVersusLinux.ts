// replay-fsx against Linux: an fsx op log the exerciser writes (sizes as parameters) is replayed by the
// compiled CLI (`iomap-explorer replay-fsx`, data oracle after every op, process start included) and, when
// the bench runs as root with loop devices and btrfs-progs, by the conformance recorder's op runner on a
// fresh loop-mounted btrfs (conformance/kernelOpStretch.ts). Otherwise the Linux side says why it was skipped.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Host, mustRun } from '../../conformance/kernelHost.ts';
import { runKernelOps } from '../../conformance/kernelOpStretch.ts';
import { filePath } from '../../conformance/kernelOps.ts';
import {
  btrfsGeometry,
  freshBtrfs,
} from '../../conformance/recordBtrfsScenario.ts';
import { FSX_FILE, fsxScenario } from '../../conformance/recordFsxReplay.ts';
import { timed } from '../stats.ts';
import { timedNode } from './cliStart.ts';

export interface ReplayLog {
  readonly seed: number;
  readonly ops: number;
  readonly maxSize: string;
}

export type LinuxReplay =
  | {
      readonly ok: true;
      /** mkfs.btrfs and the loop mount. */
      readonly setupSeconds: number;
      /** The ops, from the first to the last (what the engine's replay does besides starting). */
      readonly replaySeconds: number;
      readonly errors: number;
    }
  | { readonly ok: false; readonly skipped: string };

export interface ReplayResult {
  readonly log: ReplayLog;
  /** Ops in the log as replayed (the exerciser's ops). */
  readonly ops: number;
  /** Wall-clock seconds of `iomap-explorer replay-fsx` from spawn to exit. */
  readonly engineSeconds: number;
  /** Its CPU seconds. */
  readonly engineCpuSeconds: number;
  readonly linux: LinuxReplay;
}

/** Why Linux cannot replay here, or null when it can. */
function linuxMissing(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (loop devices and mount)';
  for (const tool of ['losetup', 'mkfs.btrfs', 'python3', 'xfs_io'])
    if (spawnSync('which', [tool]).status !== 0) return `no ${tool}`;
  if (!existsSync('/dev/loop-control')) return 'no loop devices';
  return null;
}

const ORDERED_EVENTS = [
  'btrfs:btrfs_ordered_extent_add',
  'btrfs:btrfs_ordered_extent_mark_finished',
  'btrfs:btrfs_ordered_extent_remove',
];

function linuxReplay(log: string): LinuxReplay {
  const missing = linuxMissing();
  if (missing !== null) return { ok: false, skipped: missing };
  const scenario = fsxScenario(log, 'bench-replay');
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const host = new Host(join(base, `iomap-bench-${String(process.pid)}`));
  try {
    // The op runner waits for ordered extents through these events, as the recorder's replays do.
    host.startTracing(`iomap-bench-${String(process.pid)}`, ORDERED_EVENTS);
    const mountName = 'mnt-replay';
    const setup = timed(() =>
      freshBtrfs(host, mountName, btrfsGeometry(scenario)),
    );
    const ctx = {
      host,
      mounted: setup.value,
      name: FSX_FILE,
      mountName,
      clearTraceWhenIdle: true,
    };
    mustRun('xfs_io', ['-f', '-c', 'fsync', filePath(ctx)]);
    const replay = timed(() => runKernelOps(ctx, scenario.ops));
    return {
      ok: true,
      setupSeconds: setup.seconds,
      replaySeconds: replay.seconds,
      errors: replay.value.length,
    };
  } catch (error) {
    return {
      ok: false,
      skipped: `failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    const problems = host.cleanup();
    if (problems.length > 0)
      process.stderr.write(`bench cleanup: ${problems.join('; ')}\n`);
  }
}

export function replayVersusLinux(
  compiledCli: string,
  workDir: string,
  spec: ReplayLog,
): ReplayResult {
  mkdirSync(workDir, { recursive: true });
  const logPath = join(workDir, 'bench.fsxops');
  rmSync(logPath, { force: true });
  timedNode(compiledCli, [
    'exercise',
    '--design',
    'srcmap',
    '--seed',
    String(spec.seed),
    '--ops',
    String(spec.ops),
    '--max-size',
    spec.maxSize,
    '--fsx-log',
    logPath,
  ]);
  const log = readFileSync(logPath, 'utf8');
  const engine = timedNode(compiledCli, ['replay-fsx', logPath]);
  return {
    log: spec,
    ops: fsxScenario(log, 'bench-replay').ops.length,
    engineSeconds: engine.wallMs / 1000,
    engineCpuSeconds: engine.cpuMs / 1000,
    linux: linuxReplay(log),
  };
}
