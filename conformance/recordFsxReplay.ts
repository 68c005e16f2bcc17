// Replays op logs of the project's own exerciser (`iomap-explorer exercise --fsx-log`, the fsx
// --record-ops format) on a real btrfs file, with replay-fsx's byte rule, and records size and sha256.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFsxLog } from '../engine/scenario/fsxParse.ts';
import { fsxLogToScenario } from '../engine/scenario/fsxToScenario.ts';
import type { FsxReplayFixture, Provenance } from './fixture.ts';
import { mustRun, sha256File, type Host, type Mounted } from './kernelHost.ts';
import { runKernelOps } from './kernelOpStretch.ts';
import { filePath, type KernelFileContext } from './kernelOps.ts';
import { btrfsGeometry, freshBtrfs } from './recordBtrfsScenario.ts';

export interface FsxRun {
  readonly id: string;
  readonly variant: string;
  readonly seed: number;
  readonly ops: number;
  readonly maxSize: string;
  /** The image the log is replayed on; by default the size replay-fsx picks for the log. */
  readonly imageBytes?: number;
  /** Held to the engine by `npm run conformance:long` only (too slow for the unit suite). */
  readonly long?: boolean;
}

/** mkfs.xfs refuses filesystems below 300 MiB. */
const XFS_FSX_IMAGE = 320 << 20;

/** The exerciser runs replayed: a few seeds of a few hundred ops, and one longer run on a larger file. */
export const FSX_RUNS: readonly FsxRun[] = [
  ...[1, 2, 3, 4].map((seed) => ({
    id: `fsx-srcmap-seed${String(seed)}`,
    variant: 'srcmap',
    seed,
    ops: 300,
    maxSize: '256K',
  })),
  {
    id: 'fsx-srcmap-seed5-long',
    variant: 'srcmap',
    seed: 5,
    ops: 1000,
    maxSize: '1M',
  },
  // Files of 1 to 8 MiB, 5,000 to 8,000 ops of every kind, on a 512 MiB image: Linux completes every op.
  // The first two are in the unit suite, the rest in `npm run conformance:long`.
  ...(
    [
      [1, '1M', 5000],
      [2, '2M', 6000],
      [3, '4M', 7000],
      [4, '8M', 8000],
      [5, '8M', 5000],
      [6, '6M', 6000],
    ] as const
  ).map(([seed, maxSize, ops]) => ({
    id: `fsx-space-seed${String(seed)}`,
    variant: 'srcmap',
    seed,
    ops,
    maxSize,
    imageBytes: 512 << 20,
    long: seed > 2,
  })),
  // XFS (mkfs.xfs -m reflink=1): the exerciser's xfs stream (clone, dedupe and copy included; no commit,
  // power cut or remount), replayed under the xfs design.
  ...[1, 2, 3, 4, 5, 6].map((seed) => ({
    id: `fsx-xfs-seed${String(seed)}`,
    variant: 'xfs',
    seed,
    ops: 400,
    maxSize: '256K',
    imageBytes: XFS_FSX_IMAGE,
  })),
];

/** The file the replayed log acts on. */
export const FSX_FILE = 'F';

/** The log as a scenario, as replay-fsx makes it (on a device of `deviceSize` bytes when given). */
export function fsxScenario(
  log: string,
  id: string,
  deviceSize?: number,
  filesystem?: 'xfs',
) {
  const parsed = parseFsxLog(log);
  if (!parsed.ok) throw new Error(`${id}: ${parsed.error.message}`);
  const scenario = fsxLogToScenario(parsed.value, {
    fileName: FSX_FILE,
    id,
    ...(deviceSize === undefined ? {} : { geometry: { deviceSize } }),
    ...(filesystem === undefined ? {} : { filesystem }),
  });
  if (!scenario.ok) throw new Error(`${id}: ${scenario.error.message}`);
  return scenario.value;
}

export function recordFsxReplay(
  host: Host,
  run: FsxRun,
  provenance: Provenance,
): FsxReplayFixture {
  const logPath = join(host.workDir, `${run.id}.fsxops`);
  // The exerciser exits 1 when it finds a disagreement; the log it wrote is still the ops it ran.
  const cli = join('engine', 'cli', 'bin.mjs');
  const exercised = [
    'exercise',
    '--design',
    run.variant,
    '--seed',
    String(run.seed),
    '--ops',
    String(run.ops),
    '--max-size',
    run.maxSize,
    '--fsx-log',
    logPath,
  ];
  mustRun(process.execPath, [cli, ...exercised]);
  const log = readFileSync(logPath, 'utf8');
  const xfs = run.variant === 'xfs';
  const scenario = fsxScenario(log, run.id, undefined, xfs ? 'xfs' : undefined);
  const geometry =
    run.imageBytes === undefined
      ? btrfsGeometry(scenario)
      : { ...btrfsGeometry(scenario), imageBytes: run.imageBytes };
  const mountName = `mnt-${run.id}`;
  host.clearTrace();
  const ctx: KernelFileContext = {
    host,
    mounted: xfs
      ? freshXfs(host, mountName, geometry.imageBytes, geometry.sectorSize)
      : freshBtrfs(host, mountName, geometry),
    name: FSX_FILE,
    mountName,
    clearTraceWhenIdle: true,
  };
  mustRun('xfs_io', ['-f', '-c', 'fsync', filePath(ctx)]);
  mustRun('xfs_io', ['-c', 'syncfs', filePath(ctx)]);
  const errors = runKernelOps(ctx, scenario.ops);
  const path = filePath(ctx);
  const fixture: FsxReplayFixture = {
    kind: 'fsx-replay',
    id: run.id,
    ...(xfs ? { filesystem: 'xfs' as const } : {}),
    exercise: {
      variant: run.variant,
      seed: run.seed,
      ops: run.ops,
      maxSize: run.maxSize,
    },
    log,
    geometry,
    provenance,
    errors,
    size: host.fileSize(path),
    sha256: sha256File(path),
  };
  host.unmount(ctx.mounted);
  return fixture;
}

/** A fresh mkfs.xfs -m reflink=1 image of `bytes`, mounted. */
function freshXfs(
  host: Host,
  name: string,
  bytes: number,
  blockSize: number,
): Mounted {
  const image = host.makeImage(`${name}.img`, bytes);
  mustRun('mkfs.xfs', [
    '-q',
    '-f',
    '-m',
    'reflink=1',
    '-b',
    `size=${String(blockSize)}`,
    image,
  ]);
  return host.mount(image, 'xfs', name);
}
