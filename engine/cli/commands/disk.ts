// `iomap-explorer disk create|info`: make a fresh disk image file, or describe an existing one.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mountFs } from '../../btrfs/mount.ts';
import { crc32c } from '../../core/crc32c.ts';
import { MAX_SEED } from '../../core/rng.ts';
import { formatSize } from '../../core/units.ts';
import { DiskError } from '../../disk/blockDevice.ts';
import {
  DEFAULT_IMAGE_BYTES,
  formatImage,
  MAX_IMAGE_BYTES,
  MIN_IMAGE_BYTES,
  parseSize,
  readImage,
} from '../../disk/format/image.ts';
import { NodeFileDisk } from '../../disk/nodeFileDisk.ts';
import { Recorder } from '../../trace/recorder.ts';
import { printJson, UsageError, type Io } from '../output.ts';

const IMAGE_BLOCK = 4096;

export const DISK_HELP = `Usage:
  iomap-explorer disk create <file> [--size 64M] [--seed N]   make and format a new disk image file
  iomap-explorer disk info <file> [--json]                    describe a disk image file (exit 1: damaged trees)

Sizes take K, M, G suffixes (binary units) and are a multiple of 4 KiB; images are ${formatSize(MIN_IMAGE_BYTES)} to ${formatSize(MAX_IMAGE_BYTES)}.
The seed fixes the filesystem id (default: derived from the file's path).`;

export function diskCommand(argv: readonly string[], io: Io): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create':
      return create(rest, io);
    case 'info':
      return info(rest, io);
    case undefined:
    case '--help':
    case '-h':
      io.out(DISK_HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new UsageError(
        `unknown disk command '${sub}' (expected create or info)`,
      );
  }
}

function create(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      size: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(DISK_HELP);
    return 0;
  }
  const file = single(positionals, 'disk create');
  const size =
    values.size === undefined ? DEFAULT_IMAGE_BYTES : parseSize(values.size);
  if (size === null)
    throw new UsageError(
      `--size '${String(values.size)}' is not a size (try 64M or 1G)`,
    );
  if (size < MIN_IMAGE_BYTES || size > MAX_IMAGE_BYTES) {
    throw new UsageError(
      `--size ${formatSize(size)} is out of range: images are ${formatSize(MIN_IMAGE_BYTES)} to ${formatSize(MAX_IMAGE_BYTES)}`,
    );
  }
  // The device is a whole number of 4 KiB blocks (the sector size of every image): a tail would be unusable.
  if (size % IMAGE_BLOCK !== 0)
    throw new UsageError(
      `--size ${String(size)} bytes is not a multiple of 4 KiB (try ${formatSize(Math.floor(size / IMAGE_BLOCK) * IMAGE_BLOCK)})`,
    );
  const seed =
    values.seed === undefined
      ? crc32c(new TextEncoder().encode(resolve(file)))
      : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new UsageError(
      `--seed '${String(values.seed)}' is not an integer from 0 to ${String(MAX_SEED)} (the seed is 32 bits)`,
    );

  const disk = openOrReport(
    () => NodeFileDisk.open(file, { createWithSize: size }),
    io,
  );
  if (disk === null) return 1;
  try {
    const made = formatImage(disk, { seed });
    if (!made.ok) {
      io.err(`iomap-explorer: ${file}: ${made.error.message}`);
      return 1;
    }
    io.out(
      `created ${file}: ${formatSize(size)}, generation ${String(made.value.generation)}, fsid ${uuid(made.value.fsid)}`,
    );
    return 0;
  } finally {
    disk.close();
  }
}

function info(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(DISK_HELP);
    return 0;
  }
  const file = single(positionals, 'disk info');
  const disk = openOrReport(
    () => NodeFileDisk.open(file, { readOnly: true }),
    io,
  );
  if (disk === null) return 1;
  try {
    const read = readImage(disk);
    if (!read.ok) {
      io.err(`iomap-explorer: ${file}: ${read.error.message}`);
      return 1;
    }
    const { superblock: sb, copy, damagedCopies } = read.value;
    // The superblocks may be fine while the trees they point to are not: mount says which.
    const mounted =
      sb.root === 0
        ? null
        : mountFs(disk, { pageSize: 4096, rec: new Recorder(false) });
    const trees =
      mounted === null
        ? 'none yet (formatted, never committed)'
        : mounted.ok
          ? `ok, ${String(mounted.value.fs.inodes.size)} file(s)`
          : `DAMAGED: ${mounted.error.message} (run 'iomap-explorer check ${file}')`;
    const code = mounted === null || mounted.ok ? 0 : 1;
    const summary = {
      file,
      sizeBytes: sb.totalBytes,
      generation: sb.generation,
      fsid: uuid(sb.fsid),
      sectorsize: sb.sectorsize,
      nodesize: sb.nodesize,
      bytesUsed: sb.bytesUsed,
      superblockCopy: copy,
      damagedCopies,
      trees,
    };
    if (values.json === true) {
      printJson(io, summary);
      return code;
    }
    io.out(
      [
        `file:        ${file}`,
        `size:        ${formatSize(sb.totalBytes)} (${String(sb.totalBytes)} bytes)`,
        `generation:  ${String(sb.generation)}`,
        `fsid:        ${uuid(sb.fsid)}`,
        `sectorsize:  ${String(sb.sectorsize)}`,
        `nodesize:    ${String(sb.nodesize)}`,
        `bytes used:  ${formatSize(sb.bytesUsed)}`,
        `superblock:  copy ${String(copy)}${damagedCopies.length > 0 ? ` (damaged: ${damagedCopies.join('; ')})` : ''}`,
        `trees:       ${trees}`,
      ].join('\n'),
    );
    return code;
  } finally {
    disk.close();
  }
}

function single(positionals: readonly string[], command: string): string {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`${command} needs a file name`);
  if (extra.length > 0)
    throw new UsageError(
      `${command} takes one file, got extra arguments: ${extra.join(' ')}`,
    );
  return file;
}

function openOrReport(open: () => NodeFileDisk, io: Io): NodeFileDisk | null {
  try {
    return open();
  } catch (error) {
    if (error instanceof DiskError) {
      io.err(`iomap-explorer: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
