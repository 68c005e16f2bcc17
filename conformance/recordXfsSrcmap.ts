// Records the real srcmap: S2's unaligned overwrite (200 bytes at offset 100 of a 16 KiB file whose pages
// are not cached) made on XFS with reflink=1 after the file's extent was reflinked to a second file, so
// the write is a CoW write. Keeps the iomap_iter_dstmap / iomap_iter_srcmap types and flags of each
// iteration.

import { closeSync, openSync, writeSync } from 'node:fs';
import { builtin } from '../engine/testing/runScenario.ts';
import { fillByte } from '../engine/scenario/initialContent.ts';
import type {
  KernelIomap,
  Provenance,
  TraceEvent,
  XfsSrcmapFixture,
} from './fixture.ts';
import { mustRun, sha256File, type Host } from './kernelHost.ts';
import { eventsSince, writeByte } from './kernelOps.ts';

export const XFS_EVENTS = [
  'iomap:iomap_iter',
  'iomap:iomap_iter_dstmap',
  'iomap:iomap_iter_srcmap',
] as const;

/** mkfs.xfs refuses filesystems below 300 MiB. */
const XFS_IMAGE = 320 << 20;

/** The scenario whose write is recorded. */
export const XFS_SCENARIO = 'S2';

/** Parses "dev 7:3 ino 0x83 bdev 7:3 addr 0x.. offset 0x.. length 0x.. type MAPPED (0x2) flags SHARED (0x4)". */
export function parseIomapEvent(text: string): KernelIomap | null {
  const m =
    /addr 0x([0-9a-f]+) offset 0x([0-9a-f]+) length 0x([0-9a-f]+) type (\w*) \(0x[0-9a-f]+\) flags (\S*) \(0x[0-9a-f]+\)/.exec(
      text,
    );
  if (m === null) return null;
  const [, addr = '0', offset = '0', length = '0', type = '', flags = ''] = m;
  return {
    // IOMAP_NULL_ADDR (all ones) is -1, as the engine writes it.
    addr: /^f{16}$/.test(addr) ? -1 : Number.parseInt(addr, 16),
    offset: Number.parseInt(offset, 16),
    length: Number.parseInt(length, 16),
    type,
    flags: flags === '' ? [] : flags.split('|'),
  };
}

/**
 * dstmap/srcmap pairs of buffered writes in event order: a srcmap event belongs to the dstmap event before
 * it, and maps that follow an iomap_iter of another kind (FIEMAP's REPORT) are left out.
 */
export function pairIterations(
  events: readonly TraceEvent[],
): XfsSrcmapFixture['iterations'] {
  const out: { dstmap: KernelIomap; srcmap: KernelIomap | null }[] = [];
  let writing = true;
  for (const e of events) {
    if (e.event === 'iomap_iter') {
      writing = /flags WRITE /.test(e.text);
      continue;
    }
    const map = parseIomapEvent(e.text);
    if (map === null || !writing) continue;
    if (e.event === 'iomap_iter_dstmap')
      out.push({ dstmap: map, srcmap: null });
    else if (e.event === 'iomap_iter_srcmap') {
      const last = out[out.length - 1];
      if (last !== undefined) last.srcmap = map;
    }
  }
  return out;
}

export function recordXfsSrcmap(
  host: Host,
  provenance: Provenance,
): XfsSrcmapFixture {
  const scenario = builtin(XFS_SCENARIO);
  const [file] = scenario.files;
  const [op] = scenario.ops;
  if (file === undefined || op?.op !== 'write')
    throw new Error(
      `${XFS_SCENARIO} no longer starts with a write to one file`,
    );
  const image = host.makeImage('xfs.img', XFS_IMAGE);
  mustRun('mkfs.xfs', [
    '-q',
    '-f',
    '-m',
    'reflink=1',
    '-b',
    `size=${String(scenario.geometry.sectorSize)}`,
    image,
  ]);
  const m = host.mount(image, 'xfs', 'mnt-xfs');
  const path = `${m.dir}/${file.name}`;
  const setup: string[] = [
    `mkfs.xfs -m reflink=1 -b size=${String(scenario.geometry.sectorSize)}`,
  ];
  const fd = openSync(path, 'w');
  try {
    const bytes = new Uint8Array(file.size);
    for (let i = 0; i < file.size; i++) bytes[i] = fillByte(file.fill, i);
    writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
  setup.push(`write the fill of [0, ${String(file.size)})`);
  mustRun('xfs_io', ['-c', 'fsync', path]);
  mustRun('xfs_io', [
    '-f',
    '-c',
    `reflink ${path} 0 0 ${String(file.size)}`,
    `${m.dir}/clone`,
  ]);
  mustRun('xfs_io', [
    '-c',
    'syncfs',
    '-c',
    `fadvise -d 0 ${String(file.size)}`,
    path,
  ]);
  setup.push(
    'fsync',
    'reflink the whole file into a second file (the extent is shared)',
    'syncfs',
    'fadvise -d',
  );
  const ino = mustRun('stat', ['-c', '%i', path]).trim();
  const label = 'conformance xfs write';
  host.mark(label);
  mustRun('xfs_io', [
    '-c',
    `pwrite -q -S 0x${writeByte(op, 0).toString(16)} ${String(op.offset)} ${String(op.length)}`,
    path,
  ]);
  const devId = mustRun('lsblk', ['-dno', 'MAJ:MIN', m.loop]).trim();
  const inoHex = `dev ${devId} ino 0x${Number(ino).toString(16)} `;
  const events = eventsSince(host.readTrace(), label).filter(
    (e) => e.event.startsWith('iomap_') && e.text.includes(inoHex),
  );
  mustRun('xfs_io', ['-c', 'fsync', path]);
  const fixture: XfsSrcmapFixture = {
    kind: 'xfs-srcmap',
    id: 'xfs-srcmap',
    scenario: XFS_SCENARIO,
    write: { offset: op.offset, length: op.length },
    fileSize: file.size,
    setup,
    provenance,
    iterations: pairIterations(events),
    events,
    sha256: sha256File(path),
  };
  host.unmount(m);
  return fixture;
}
