// `iomap-explorer check <image>` and `iomap-explorer ls <image>`: the image as a user's file. Both open it
// read-only and mount it as a power cut would leave it; check then runs the invariant checker, ls lists the
// files. A damaged image is a sentence and exit 1, in the spirit of `btrfs check`, never a stack trace.

import { parseArgs } from 'node:util';
import type { Fs } from '../../btrfs/fs.ts';
import { mountFs } from '../../btrfs/mount.ts';
import { checkFs } from '../../check/fsck.ts';
import { formatSize } from '../../core/units.ts';
import { DiskError } from '../../disk/blockDevice.ts';
import { NodeFileDisk } from '../../disk/nodeFileDisk.ts';
import { Recorder } from '../../trace/recorder.ts';
import { printJson, UsageError, type Io } from '../output.ts';

export const CHECK_HELP = `Usage:
  iomap-explorer check <image> [--check-data-csum] [--json]

Mounts the image read-only and checks it, as btrfs check does: every tree node (checksum, place, owner,
level, generation, key order), what the items say across trees (chunks, dev extents, block groups, extent
items and their references, file extent items, inodes, checksums), then the invariant checker on the
mounted filesystem. Prints one sentence per problem. Exit 0: no problem; 1: problems found (or the image
does not mount); 2: usage.
--check-data-csum also reads every data sector that has a checksum and compares, as btrfs check
--check-data-csum does; without it, as without it there, the data itself is not read (a damaged data
sector shows up as EIO when a file is read).`;

export const LS_HELP = `Usage:
  iomap-explorer ls <image> [--json]

Mounts the image read-only and lists its files: name, inode, size, bytes allocated, flags, and each file
extent item (file range, regular or prealloc, disk address). Exit 1 when the image does not mount.`;

interface Opened {
  readonly file: string;
  readonly json: boolean;
  readonly checkDataCsum: boolean;
  /** The mounted filesystem, or why the image does not mount. */
  readonly fs: Fs | null;
  readonly error: string;
}

/**
 * Parses `<image> [--json]` (and check's --check-data-csum), opens the image read-only, mounts it and hands
 * it to `body` while the file is open; null after printing help.
 */
function withImage<T>(
  argv: readonly string[],
  io: Io,
  command: 'check' | 'ls',
  help: string,
  body: (opened: Opened) => T,
): T | null {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...(command === 'check'
        ? { 'check-data-csum': { type: 'boolean' as const } }
        : {}),
    },
  });
  if (values.help === true) {
    io.out(help);
    return null;
  }
  const [file, ...extra] = positionals;
  if (file === undefined)
    throw new UsageError(`${command} needs an image file`);
  if (extra.length > 0)
    throw new UsageError(
      `${command} takes one image, got extra arguments: ${extra.join(' ')}`,
    );
  const json = values.json === true;
  const checkDataCsum = values['check-data-csum'] === true;
  let disk: NodeFileDisk;
  try {
    disk = NodeFileDisk.open(file, { readOnly: true });
  } catch (error) {
    if (error instanceof DiskError)
      return body({
        file,
        json,
        checkDataCsum,
        fs: null,
        error: error.message,
      });
    throw error;
  }
  try {
    const mounted = mountFs(disk, { pageSize: 4096, rec: new Recorder(false) });
    return body(
      mounted.ok
        ? { file, json, checkDataCsum, fs: mounted.value.fs, error: '' }
        : { file, json, checkDataCsum, fs: null, error: mounted.error.message },
    );
  } finally {
    disk.close();
  }
}

export function checkCommand(argv: readonly string[], io: Io): number {
  return withImage(argv, io, 'check', CHECK_HELP, (o) => check(o, io)) ?? 0;
}

function check(opened: Opened, io: Io): number {
  const { file, fs } = opened;
  const problems =
    fs === null
      ? [{ code: 'mount', message: opened.error }]
      : checkFs(fs, {
          quiescent: true,
          committed: true,
          dataCsums: opened.checkDataCsum,
        }).problems;
  const sectors =
    fs !== null && opened.checkDataCsum ? fs.extentTree.csums.size : null;
  if (opened.json) {
    printJson(io, {
      file,
      mounted: fs !== null,
      generation: fs?.generation ?? null,
      files: fs?.inodes.size ?? null,
      dataSectorsChecked: sectors,
      problems,
    });
    return problems.length === 0 ? 0 : 1;
  }
  const lines = [
    fs === null
      ? `checking ${file}: it does not mount`
      : `checking ${file}: generation ${String(fs.generation)}, ${String(fs.inodes.size)} file(s), ${String(fs.committed.nodes.size)} tree node(s)`,
    ...(sectors === null
      ? []
      : [`  data checksums: ${String(sectors)} sector(s) read and compared`]),
    ...problems.map((p) => `  ${p.message}`),
    problems.length === 0
      ? 'no problems found'
      : `${String(problems.length)} problem(s) found`,
  ];
  if (problems.length === 0) {
    io.out(lines.join('\n'));
    return 0;
  }
  io.err(lines.join('\n'));
  return 1;
}

export function lsCommand(argv: readonly string[], io: Io): number {
  return withImage(argv, io, 'ls', LS_HELP, (o) => ls(o, io)) ?? 0;
}

function ls(opened: Opened, io: Io): number {
  const { file, fs } = opened;
  if (fs === null) {
    io.err(`iomap-explorer: ${file}: ${opened.error}`);
    return 1;
  }
  const files = [...fs.inodes.values()]
    .sort((a, b) => a.inode.ino - b.inode.ino)
    .map(({ inode, extents }) => ({
      name: inode.name,
      ino: inode.ino,
      size: inode.isize,
      nbytes: inode.nbytes,
      flags: [...inode.flags],
      extents: extents.all().map((e) => ({
        offset: e.offset,
        length: e.numBytes,
        type: e.type,
        diskBytenr: e.diskBytenr,
        diskNumBytes: e.diskNumBytes,
        extentOffset: e.extentOffset,
      })),
    }));
  if (opened.json) {
    printJson(io, { file, generation: fs.generation, files });
    return 0;
  }
  const lines = [
    `${file}: generation ${String(fs.generation)}, ${String(files.length)} file(s)`,
  ];
  for (const f of files) {
    lines.push(
      `${f.name}  inode ${String(f.ino)}, ${formatSize(f.size)} (${String(f.size)} bytes), ${formatSize(f.nbytes)} allocated${f.flags.length > 0 ? `, ${f.flags.join(' ')}` : ''}, ${String(f.extents.length)} extent(s)`,
    );
    for (const e of f.extents)
      lines.push(
        `  [${String(e.offset)}, +${String(e.length)})  ${e.type.padEnd(8)}  disk ${String(e.diskBytenr + e.extentOffset)} (extent ${String(e.diskBytenr)}, ${String(e.diskNumBytes)} bytes)`,
      );
  }
  io.out(lines.join('\n'));
  return 0;
}
