import { describe, expect, it } from 'vitest';
import { formatSize } from '../../core/units.ts';
import { MemoryDisk } from '../memoryDisk.ts';
import {
  formatImage,
  MIN_IMAGE_BYTES,
  parseSize,
  readImage,
  SUPERBLOCK_OFFSETS,
} from './image.ts';

const MiB = 1024 * 1024;

describe('formatImage / readImage', () => {
  it('formats a fresh image at generation 1 and reads it back', () => {
    const disk = MemoryDisk.create(8 * MiB);
    const made = formatImage(disk, { seed: 1 });
    expect(made.ok).toBe(true);
    const read = readImage(disk);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.superblock.generation).toBe(1);
    expect(read.value.superblock.totalBytes).toBe(8 * MiB);
    expect(read.value.copy).toBe(0);
    expect(read.value.damagedCopies).toEqual([]);
  });

  it('derives the fsid from the seed', () => {
    const fsid = (seed: number) => {
      const disk = MemoryDisk.create(4 * MiB);
      const r = formatImage(disk, { seed });
      return r.ok ? r.value.fsid : '';
    };
    expect(fsid(5)).toBe(fsid(5));
    expect(fsid(5)).not.toBe(fsid(6));
    expect(fsid(5)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('falls back to the mirror when the primary copy is corrupted', () => {
    const disk = MemoryDisk.create(4 * MiB);
    formatImage(disk, { seed: 2 });
    disk.write(SUPERBLOCK_OFFSETS[0] + 100, new Uint8Array([0xff, 0xee]));
    const read = readImage(disk);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.copy).toBe(1);
    expect(read.value.damagedCopies).toEqual([
      'superblock copy 0 at 64 KiB: checksum mismatch',
    ]);
  });

  it('refuses a foreign file with a clear message', () => {
    const disk = MemoryDisk.create(4 * MiB);
    disk.write(0, new TextEncoder().encode('#!/bin/sh\necho not a disk\n'));
    const read = readImage(disk);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.error.message).toMatch(
        /not an iomap-explorer disk image: no superblock magic/,
      );
  });

  it('reports corruption when every copy is damaged', () => {
    const disk = MemoryDisk.create(4 * MiB);
    formatImage(disk, { seed: 3 });
    for (const at of SUPERBLOCK_OFFSETS)
      disk.write(at + 200, new Uint8Array([1]));
    const read = readImage(disk);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.errno).toBe('EUCLEAN');
      expect(read.error.message).toMatch(/no valid superblock copy/);
    }
  });

  it('refuses a device too small to format or to hold a superblock', () => {
    const small = MemoryDisk.create(MIN_IMAGE_BYTES - 4096);
    const made = formatImage(small, { seed: 1 });
    expect(made.ok).toBe(false);
    const tiny = MemoryDisk.create(1000);
    const read = readImage(tiny);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.error.message).toMatch(/too small to hold a superblock/);
  });
});

describe('sizes', () => {
  it('parses the usual size suffixes', () => {
    expect(parseSize('64M')).toBe(64 * MiB);
    expect(parseSize('64MiB')).toBe(64 * MiB);
    expect(parseSize('1g')).toBe(1024 * MiB);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('12 parsecs')).toBeNull();
    expect(parseSize('-1M')).toBeNull();
  });
  it('formats sizes with binary units', () => {
    expect(formatSize(64 * MiB)).toBe('64 MiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(100)).toBe('100 B');
  });
});
