// Records one engine scenario on a fresh loop-mounted btrfs image: makes the scenario's starting file
// (its extents, holes, prealloc ranges, NODATACOW flag, clones, snapshot sharing and a nearly full data
// space), then runs each op through xfs_io and takes a checkpoint after it.

import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import type { FileDef, Op, Scenario } from '../engine/scenario/types.ts';
import { fillByte } from '../engine/scenario/initialContent.ts';
import type {
  BtrfsGeometry,
  BtrfsScenarioFixture,
  Checkpoint,
  KernelResult,
  Provenance,
  TraceEvent,
} from './fixture.ts';
import {
  mustRun,
  runCommand,
  sha256File,
  type Host,
  type Mounted,
} from './kernelHost.ts';
import {
  eventsSince,
  filePath,
  runKernelOp,
  type KernelFileContext,
} from './kernelOps.ts';

/** mkfs.btrfs refuses devices below about 109 MiB; 128 MiB is the closest to the scenarios' 64 MiB. */
export const MIN_BTRFS_IMAGE = 128 << 20;

/** The tracepoints recorded for btrfs scenarios. */
export const BTRFS_EVENTS = [
  'btrfs:btrfs_ordered_extent_add',
  'btrfs:btrfs_ordered_extent_start',
  'btrfs:btrfs_ordered_extent_mark_finished',
  'btrfs:btrfs_ordered_extent_remove',
  'btrfs:btrfs_finish_ordered_extent',
  'btrfs:btrfs_reserved_extent_alloc',
  'btrfs:btrfs_reserved_extent_free',
  'writeback:writeback_dirty_folio',
  'writeback:writeback_single_inode',
] as const;

export function btrfsGeometry(scenario: Scenario): BtrfsGeometry {
  return {
    imageBytes: Math.max(MIN_BTRFS_IMAGE, scenario.geometry.deviceSize),
    sectorSize: scenario.geometry.sectorSize,
    nodeSize: scenario.geometry.nodeSize,
  };
}

/** Makes and mounts a fresh btrfs image of this geometry. */
export function freshBtrfs(
  host: Host,
  name: string,
  geometry: BtrfsGeometry,
): Mounted {
  const image = host.makeImage(`${name}.img`, geometry.imageBytes);
  mustRun('mkfs.btrfs', [
    '-q',
    '-f',
    '-s',
    String(geometry.sectorSize),
    '-n',
    String(geometry.nodeSize),
    image,
  ]);
  return host.mount(image, 'btrfs', name);
}

/**
 * The events about this file on this filesystem: btrfs events print the fsid first, writeback events the
 * bdi; both name the inode. The btree inode's and other files' events are left out.
 */
export function ownEvents(
  events: readonly TraceEvent[],
  uuid: string,
  bdi: string,
  ino: number,
): TraceEvent[] {
  const inode = new RegExp(`\\bino=${String(ino)}\\b`);
  return events.filter(
    (e) =>
      (e.event.startsWith('btrfs_')
        ? e.text.startsWith(uuid)
        : e.text.startsWith(`bdi ${bdi}:`)) && inode.test(e.text),
  );
}

function fillBytes(file: FileDef, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = fillByte(file.fill, offset + i);
  return bytes;
}

function must(step: { command: string; result: KernelResult }): void {
  if (!step.result.ok)
    throw new Error(
      `setup step ${step.command} failed: ${step.result.message}`,
    );
}

/**
 * Makes the file's starting state. Distinct disk extents are written from the last to the first, each
 * followed by fsync, so each becomes its own extent and no two are physically adjacent (fiemap would merge
 * them); a second reference to a disk extent is a reflink of the first; prealloc extents are fallocated.
 */
function setupFile(
  ctx: KernelFileContext,
  file: FileDef,
  index: number,
): string[] {
  const steps: string[] = [];
  const path = filePath(ctx);
  const io = (command: string) => {
    const r = runCommand('xfs_io', ['-f', '-c', command, path]);
    if (r.status !== 0 || r.stderr.trim() !== '')
      throw new Error(`setup: xfs_io -c "${command}": ${r.stderr.trim()}`);
    steps.push(`xfs_io -c "${command}"`);
  };
  io('truncate 0');
  if (file.flags.includes('NODATACOW')) {
    mustRun('chattr', ['+C', path]);
    steps.push('chattr +C (on the empty file)');
  }
  const first = new Map<string, (typeof file.extents)[number]>();
  for (const e of file.extents) if (!first.has(e.disk)) first.set(e.disk, e);
  const owners = [...first.values()].sort((a, b) => b.offset - a.offset);
  for (const e of owners) {
    if (e.type === 'prealloc')
      io(`falloc ${String(e.offset)} ${String(e.length)}`);
    else {
      const fd = openSync(path, 'r+');
      try {
        writeSync(
          fd,
          fillBytes(file, e.offset, e.length),
          0,
          e.length,
          e.offset,
        );
      } finally {
        closeSync(fd);
      }
      steps.push(
        `write the fill of [${String(e.offset)}, ${String(e.offset + e.length)}) (disk extent ${e.disk})`,
      );
    }
    io('fsync');
  }
  for (const e of file.extents) {
    const owner = first.get(e.disk);
    if (owner === undefined || owner === e) continue;
    const src = owner.offset + (e.diskOffset - owner.diskOffset);
    io(
      `reflink ${path} ${String(src)} ${String(e.offset)} ${String(e.length)}`,
    );
    io('fsync');
  }
  io(`truncate ${String(file.size)}`);
  if (file.extents.some((e) => e.shared)) {
    mustRun('btrfs', [
      'subvolume',
      'snapshot',
      ctx.mounted.dir,
      `${ctx.mounted.dir}/snap${String(index)}`,
    ]);
    steps.push(
      'btrfs subvolume snapshot (another root references every extent)',
    );
  }
  return steps;
}

/** Fills the data space so that a data reservation fails (ENOSPC), as space.dataFree: 0 does. */
function fillDataSpace(ctx: KernelFileContext): string[] {
  const filler = `${ctx.mounted.dir}/filler`;
  for (const bs of ['1048576', '65536', '4096']) {
    for (let i = 0; i < 4; i++) {
      const size = runCommand('stat', ['-c', '%s', filler]);
      const at = size.status === 0 ? size.stdout.trim() : '0';
      runCommand('xfs_io', ['-f', '-c', `pwrite -q -b ${bs} ${at} 1g`, filler]);
      runCommand('xfs_io', ['-c', 'syncfs', filler]);
    }
  }
  return [
    'fill the data space: a filler file written until ENOSPC (1 MiB, 64 KiB, then 4 KiB writes), syncfs',
  ];
}

export interface RecordOptions {
  readonly host: Host;
  readonly id: string;
  readonly builtin: boolean;
  readonly scenario: Scenario;
  readonly appendedOps: readonly Op[];
  readonly provenance: Provenance;
}

export function recordBtrfsScenario(o: RecordOptions): BtrfsScenarioFixture {
  const { host, scenario } = o;
  const [file, ...others] = scenario.files;
  if (file === undefined || others.length > 0)
    throw new Error(
      `${o.id}: the recorder handles scenarios of exactly one file`,
    );
  const geometry = btrfsGeometry(scenario);
  const mountName = `mnt-${o.id}`;
  host.clearTrace();
  const ctx: KernelFileContext = {
    host,
    mounted: freshBtrfs(host, mountName, geometry),
    name: file.name,
    mountName,
  };
  const setup = setupFile(ctx, file, 0);
  if (scenario.space.dataUsedByOthers > 0)
    throw new Error(
      `${o.id}: space.dataUsedByOthers has no kernel counterpart here (use space.dataFree: 0)`,
    );
  if (scenario.space.dataFree !== undefined) {
    if (scenario.space.dataFree !== 0)
      throw new Error(
        `${o.id}: only space.dataFree 0 (fill the data space) can be recorded`,
      );
    setup.push(...fillDataSpace(ctx));
  }
  must(runKernelOp(ctx, { op: 'sync' }, -1));
  must(runKernelOp(ctx, { op: 'drop-caches' }, -1));
  setup.push('syncfs', 'fadvise -d (drop the file from the page cache)');
  for (const c of file.cached) {
    must(
      runKernelOp(
        ctx,
        { op: 'read', file: file.name, offset: c.offset, length: c.length },
        -1,
      ),
    );
    setup.push(`pread ${String(c.offset)} ${String(c.length)} (cached)`);
  }
  const checkpoint = (
    op: number,
    command: string,
    result: KernelResult,
    events: readonly TraceEvent[],
  ): Checkpoint => ({
    op,
    command,
    result,
    counters: host.dataCounters(ctx.mounted),
    metadata: host.spaceCounters(ctx.mounted, 'metadata'),
    globalReserve: host.space(ctx.mounted).globalReserve,
    extents: host.extents(filePath(ctx)),
    size: host.fileSize(filePath(ctx)),
    sha256: sha256File(filePath(ctx)),
    events: ownEvents(
      events,
      ctx.mounted.uuid,
      host.bdiName(ctx.mounted),
      statSync(filePath(ctx)).ino,
    ),
  });
  const baseline = checkpoint(-1, 'setup', { ok: true }, []);
  const checkpoints: Checkpoint[] = [];
  for (const [i, op] of scenario.ops.entries()) {
    const label = `conformance ${o.id} op ${String(i)}`;
    host.mark(label);
    const r = runKernelOp(ctx, op, i);
    const events = eventsSince(host.readTrace(), label);
    checkpoints.push(checkpoint(i, r.command, r.result, events));
  }
  host.unmount(ctx.mounted);
  return {
    kind: 'btrfs-scenario',
    id: o.id,
    builtin: o.builtin,
    appendedOps: o.appendedOps,
    scenario,
    setup,
    geometry,
    provenance: o.provenance,
    baseline,
    checkpoints,
  };
}
