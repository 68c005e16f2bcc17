// Records how often btrfs runs its metadata flush states and commits under random 4 KiB overwrites of a
// file already on disk: each overwrite of a COW file is a new ordered extent, and each outstanding extent
// reserves metadata for a whole tree path, so the reservations keep outrunning the metadata space_info.

import { createRng } from '../engine/core/rng.ts';
import type { Provenance, ReclaimFixture } from './fixture.ts';
import { mustRun, type Host } from './kernelHost.ts';
import { freshBtrfs } from './recordBtrfsScenario.ts';

const MiB = 1 << 20;
const BLOCK = 4096;

export interface ReclaimRun {
  readonly id: string;
  readonly imageBytes: number;
  readonly fileBytes: number;
  readonly writes: number;
  readonly seed: number;
}

/**
 * A 64 MiB file on a 224 MiB image (the size the bench gives 128 MiB of data), overwritten 4,096 times (the
 * unit suite) and 16,384 times (one overwrite per block of the file: `npm run conformance:long`).
 */
export const RECLAIM_RUNS: readonly ReclaimRun[] = [
  {
    id: 'reclaim-64M-random',
    imageBytes: 224 * MiB,
    fileBytes: 64 * MiB,
    writes: 4096,
    seed: 7,
  },
  {
    id: 'reclaim-64M-random-long',
    imageBytes: 224 * MiB,
    fileBytes: 64 * MiB,
    writes: 16384,
    seed: 7,
  },
];

/** The tracepoints this recording counts (the recorder enables them, and only them, before it). */
export const RECLAIM_EVENTS: readonly string[] = [
  'btrfs:btrfs_flush_space',
  'btrfs:btrfs_transaction_commit',
];

/** The file offsets of the overwrites, block aligned, drawn from the engine's seeded generator. */
export function reclaimOffsets(
  seed: number,
  fileBytes: number,
  writes: number,
): number[] {
  const rng = createRng(seed);
  const blocks = fileBytes / BLOCK;
  return Array.from({ length: writes }, () => rng.int(blocks) * BLOCK);
}

// One process writes every overwrite (a command per write would take minutes); offsets come on stdin.
const OVERWRITE_PY = `
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY)
buf = b'\\xcd' * ${String(BLOCK)}
for line in sys.stdin:
    if os.pwrite(fd, buf, int(line)) != ${String(BLOCK)}:
        sys.exit('short write')
os.close(fd)
`;

const GEOMETRY = { sectorSize: 4096, nodeSize: 16384 } as const;

export function recordReclaim(
  host: Host,
  run: ReclaimRun,
  provenance: Provenance,
): ReclaimFixture {
  const mounted = freshBtrfs(host, `mnt-${run.id}`, {
    imageBytes: run.imageBytes,
    ...GEOMETRY,
  });
  const path = `${mounted.dir}/F`;
  mustRun('xfs_io', [
    '-f',
    '-c',
    `pwrite -q -b ${String(MiB)} 0 ${String(run.fileBytes)}`,
    '-c',
    'fsync',
    '-c',
    'syncfs',
    path,
  ]);
  const prepared = host.extents(path);
  host.clearTrace();
  mustRun(
    'python3',
    ['-c', OVERWRITE_PY, path],
    reclaimOffsets(run.seed, run.fileBytes, run.writes).join('\n'),
  );
  // Only this filesystem's events: btrfs events print the fsid first.
  const events = host
    .readTrace()
    .filter((e) => e.text.startsWith(mounted.uuid));
  host.unmount(mounted);
  const metadataFlushStates: Record<string, number> = {};
  for (const e of events) {
    if (e.event !== 'btrfs_flush_space' || !e.text.includes('(METADATA)'))
      continue;
    const state = /state=\d+\((\w+)\)/.exec(e.text)?.[1];
    if (state === undefined)
      throw new Error(`btrfs_flush_space without a state: ${e.text}`);
    metadataFlushStates[state] = (metadataFlushStates[state] ?? 0) + 1;
  }
  return {
    kind: 'reclaim',
    id: run.id,
    provenance,
    imageBytes: run.imageBytes,
    fileBytes: run.fileBytes,
    prepared,
    seed: run.seed,
    writes: run.writes,
    commits: events.filter((e) => e.event === 'btrfs_transaction_commit')
      .length,
    metadataFlushStates,
  };
}
