// Records XFS built-in scenarios on a real XFS (mkfs.xfs -m reflink=1): each file written with its fill and
// fsynced, reflinked into a clone when its extents are shared, given its cowextsize hint, and dropped from
// the page cache; then the scenario's writes and fsyncs in one xfs_io process, with the iomap iterations
// traced and, before that process closes the file, the data fork (FIEMAP) and the COW fork (tracepoints).

import { closeSync, openSync, writeSync } from 'node:fs';
import { fillByte } from '../engine/scenario/initialContent.ts';
import type { FileDef } from '../engine/scenario/types.ts';
import { builtin } from '../engine/testing/runScenario.ts';
import type {
  KernelCowExtent,
  KernelExtent,
  Provenance,
  TraceEvent,
  XfsWriteFixture,
} from './fixture.ts';
import { mustRun, sha256File, type Host } from './kernelHost.ts';
import { eventsSince, writeByte } from './kernelOps.ts';
import { pairIterations } from './recordXfsSrcmap.ts';

/** The xfs tracepoints the COW fork is read from (the iomap ones come from XFS_EVENTS). */
export const XFS_WRITE_EVENTS = [
  'xfs:xfs_map_blocks_alloc',
  'xfs:xfs_bmap_post_update',
  'xfs:xfs_reflink_cow_remap_from',
] as const;

/** mkfs.xfs refuses filesystems below 300 MiB. */
const XFS_IMAGE = 320 << 20;

/** The fixtures: id -> the XFS built-in recorded. */
export const XFS_WRITE_RUNS: readonly {
  readonly id: string;
  readonly builtin: string;
}[] = [
  { id: 'xfs-cow-default', builtin: 'X6' },
  { id: 'xfs-cow-hint', builtin: 'X7' },
  { id: 'xfs-append', builtin: 'X5' },
];

/** FIEMAP flag bits -> filefrag's names (the engine's fiemap model uses these). */
const FIEMAP_FLAGS: readonly (readonly [number, string])[] = [
  [0x1, 'last'],
  [0x2, 'unknown_loc'],
  [0x4, 'delalloc'],
  [0x800, 'unwritten'],
  [0x2000, 'shared'],
];

/** Parses `xfs_io -c "fiemap -v"` ("  0: [0..135]:  192..327  136  0x0", in 512-byte units); holes are left out. */
export function parseXfsIoFiemap(out: string): KernelExtent[] {
  const row =
    /^\s*\d+:\s+\[(\d+)\.\.(\d+)\]:\s+(\d+)\.\.(\d+)\s+\d+\s+0x([0-9a-f]+)\s*$/;
  const extents: KernelExtent[] = [];
  for (const line of out.split('\n')) {
    const m = row.exec(line);
    if (m === null) continue;
    const [, lStart = '0', lEnd = '0', pStart = '0', , hex = '0'] = m;
    const bits = Number.parseInt(hex, 16);
    extents.push({
      logical: Number(lStart) * 512,
      physical: Number(pStart) * 512,
      length: (Number(lEnd) - Number(lStart) + 1) * 512,
      flags: FIEMAP_FLAGS.filter(([b]) => (bits & b) !== 0).map(([, n]) => n),
    });
  }
  return extents;
}

const hexField = (text: string, name: string): number | null => {
  const m = new RegExp(`${name} 0x([0-9a-f]+)`).exec(text);
  return m === null ? null : Number.parseInt(m[1] ?? '0', 16);
};

/**
 * The COW fork the tracepoints imply: every COW-fork record that xfs_bmap_add_extent_delay_real gives real
 * blocks (xfs_bmap_post_update, state COW) adds its extent; every xfs_reflink_cow_remap_from removes its
 * piece (now in the data fork). Sorted by file block. (xfs_map_blocks_alloc fires before the allocation
 * and still shows the delalloc record.)
 */
export function cowForkFromEvents(
  events: readonly TraceEvent[],
): KernelCowExtent[] {
  let fork: KernelCowExtent[] = [];
  for (const e of events) {
    if (
      e.event === 'xfs_bmap_post_update' &&
      /state \S*\bCOW\b/.test(e.text) &&
      e.text.includes('caller xfs_bmap_add_extent_delay_real')
    ) {
      const startoff = hexField(e.text, 'fileoff');
      const startblock = hexField(e.text, 'startblock');
      const blockcount = hexField(e.text, 'fsbcount');
      const state = / flag (\d+) /.exec(e.text)?.[1];
      if (
        startoff === null ||
        startblock === null ||
        blockcount === null ||
        state === undefined
      )
        throw new Error(`unparsed xfs_bmap_post_update: ${e.text}`);
      fork = fork.filter(
        (x) =>
          x.startoff + x.blockcount <= startoff ||
          x.startoff >= startoff + blockcount,
      );
      fork.push({ startoff, startblock, blockcount, unwritten: state === '1' });
    } else if (e.event === 'xfs_reflink_cow_remap_from') {
      const off = hexField(e.text, 'fileoff');
      const len = hexField(e.text, 'fsbcount');
      if (off === null || len === null)
        throw new Error(`unparsed xfs_reflink_cow_remap_from: ${e.text}`);
      fork = fork.flatMap((x) => {
        const end = x.startoff + x.blockcount;
        if (end <= off || x.startoff >= off + len) return [x];
        const pieces: KernelCowExtent[] = [];
        if (x.startoff < off)
          pieces.push({ ...x, blockcount: off - x.startoff });
        if (end > off + len)
          pieces.push({
            startoff: off + len,
            startblock: x.startblock + (off + len - x.startoff),
            blockcount: end - off - len,
            unwritten: x.unwritten,
          });
        return pieces;
      });
    }
  }
  return fork.sort((a, b) => a.startoff - b.startoff);
}

/** Creates `file` with its fill, fsynced; reflinks it into a clone when shared; sets its hint. */
function prepareFile(dir: string, file: FileDef, setup: string[]): void {
  const [extent, ...more] = file.extents;
  if (
    extent === undefined ||
    more.length > 0 ||
    extent.offset !== 0 ||
    extent.length !== file.size ||
    file.cached.length > 0
  )
    throw new Error(
      `the XFS recorder prepares one extent covering the file, uncached; ${file.name} is not that`,
    );
  const path = `${dir}/${file.name}`;
  const fd = openSync(path, 'w');
  try {
    const bytes = new Uint8Array(file.size);
    for (let i = 0; i < file.size; i++) bytes[i] = fillByte(file.fill, i);
    writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
  mustRun('xfs_io', ['-c', 'fsync', path]);
  setup.push(
    `${file.name}: write the fill of [0, ${String(file.size)}), fsync`,
  );
  if (file.cowextsize !== undefined) {
    mustRun('xfs_io', ['-c', `cowextsize ${String(file.cowextsize)}`, path]);
    setup.push(
      `${file.name}: xfs_io -c "cowextsize ${String(file.cowextsize)}"`,
    );
  }
  if (extent.shared) {
    mustRun('xfs_io', [
      '-f',
      '-c',
      `reflink ${path} 0 0 ${String(file.size)}`,
      `${path}.clone`,
    ]);
    setup.push(`${file.name}: reflink the whole file into ${file.name}.clone`);
  }
  mustRun('xfs_io', [
    '-c',
    'syncfs',
    '-c',
    `fadvise -d 0 ${String(file.size)}`,
    path,
  ]);
  setup.push(`${file.name}: syncfs, fadvise -d`);
}

export function recordXfsWrite(
  host: Host,
  run: (typeof XFS_WRITE_RUNS)[number],
  provenance: Provenance,
): XfsWriteFixture {
  const scenario = builtin(run.builtin);
  const [file, ...others] = scenario.files;
  if (file === undefined || others.length > 0 || scenario.filesystem !== 'xfs')
    throw new Error(`${run.builtin} is not a one-file XFS scenario`);
  const bs = scenario.geometry.sectorSize;
  const image = host.makeImage(`${run.id}.img`, XFS_IMAGE);
  mustRun('mkfs.xfs', [
    '-q',
    '-f',
    '-m',
    'reflink=1',
    '-b',
    `size=${String(bs)}`,
    image,
  ]);
  const m = host.mount(image, 'xfs', `mnt-${run.id}`);
  const setup = [`mkfs.xfs -m reflink=1 -b size=${String(bs)}`];
  prepareFile(m.dir, file, setup);
  const path = `${m.dir}/${file.name}`;
  const commands = scenario.ops.flatMap((op, i) => {
    if (op.op === 'write')
      return [
        '-c',
        // -b: one write(2) of the whole length, as the engine's op (xfs_io's default buffer is 4 KiB).
        `pwrite -q -b ${String(op.length)} -S 0x${writeByte(op, i).toString(16)} ${String(op.offset)} ${String(op.length)}`,
      ];
    if (op.op === 'fsync') return ['-c', 'fsync'];
    throw new Error(
      `${run.builtin}: the XFS recorder runs write and fsync, not ${op.op}`,
    );
  });
  const ino = Number(mustRun('stat', ['-c', '%i', path]).trim());
  const label = `conformance ${run.id}`;
  host.mark(label);
  const out = mustRun('xfs_io', [...commands, '-c', 'fiemap -v', path]);
  const devId = mustRun('lsblk', ['-dno', 'MAJ:MIN', m.loop]).trim();
  const mine = `dev ${devId} ino 0x${ino.toString(16)} `;
  const events = eventsSince(host.readTrace(), label).filter((e) =>
    e.text.startsWith(mine),
  );
  const fixture: XfsWriteFixture = {
    kind: 'xfs-write',
    id: run.id,
    scenario: run.builtin,
    setup,
    provenance,
    iterations: pairIterations(events),
    dataFork: parseXfsIoFiemap(out),
    cowFork: cowForkFromEvents(events),
    events,
    size: host.fileSize(path),
    sha256: sha256File(path),
  };
  host.unmount(m);
  return fixture;
}
