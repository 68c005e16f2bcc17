import { describe, expect, it } from 'vitest';
import { expectEvery } from '../testing/nonVacuous.ts';
import { MemoryDisk } from './memoryDisk.ts';
import { WriteCache } from './writeCache.ts';

const KiB = 1024;

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

function read(
  device: { read(o: number, b: Uint8Array): void },
  offset: number,
  length: number,
): Uint8Array {
  const buf = new Uint8Array(length);
  device.read(offset, buf);
  return buf;
}

describe('WriteCache', () => {
  it('holds writes in memory until flush', () => {
    const disk = MemoryDisk.create(256 * KiB);
    const cache = new WriteCache(disk);
    cache.write(8 * KiB, filled(4 * KiB, 7));
    expect(read(cache, 8 * KiB, 4 * KiB)).toEqual(filled(4 * KiB, 7));
    expect(read(disk, 8 * KiB, 4 * KiB)).toEqual(filled(4 * KiB, 0));
    expect(cache.unflushedBytes).toBe(4 * KiB);
    cache.flush();
    expect(read(disk, 8 * KiB, 4 * KiB)).toEqual(filled(4 * KiB, 7));
    expect(cache.unflushedBytes).toBe(0);
  });

  it('loses unflushed writes at a power cut and keeps flushed ones', () => {
    const disk = MemoryDisk.create(256 * KiB);
    const cache = new WriteCache(disk);
    cache.write(0, filled(4 * KiB, 1));
    cache.flush();
    cache.write(0, filled(4 * KiB, 2));
    cache.write(64 * KiB, filled(8 * KiB, 3));
    const result = cache.powerCut();
    expect(result).toEqual({ lostBlocks: 3, appliedBlocks: 0 });
    expect(read(cache, 0, 4 * KiB)).toEqual(filled(4 * KiB, 1));
    expect(read(cache, 64 * KiB, 8 * KiB)).toEqual(filled(8 * KiB, 0));
  });

  it('with a seed, applies a reproducible subset of unflushed blocks whole, never torn', () => {
    const outcome = (seed: number): Uint8Array => {
      const disk = MemoryDisk.create(256 * KiB);
      const cache = new WriteCache(disk);
      for (let b = 0; b < 32; b++)
        cache.write(b * 4 * KiB, filled(4 * KiB, b + 1));
      const result = cache.powerCut({ seed });
      expect(result.appliedBlocks + result.lostBlocks).toBe(32);
      return read(disk, 0, 128 * KiB);
    };
    const first = outcome(99);
    expect(outcome(99)).toEqual(first);
    let applied = 0;
    for (let b = 0; b < 32; b++) {
      const block = first.subarray(b * 4 * KiB, (b + 1) * 4 * KiB);
      const value = block[0] as number;
      expectEvery(block, (x) => x === value, 'the block holds one value');
      expect([0, b + 1]).toContain(value);
      if (value !== 0) applied++;
    }
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(32);
  });

  it('writes back in large contiguous runs, not one device call per block', () => {
    const disk = MemoryDisk.create(4 * 1024 * KiB);
    const cache = new WriteCache(disk, { maxRunBytes: 1024 * KiB });
    for (let b = 0; b < 512; b++) cache.write(b * 4 * KiB, filled(4 * KiB, 5)); // 2 MiB contiguous
    cache.write(3 * 1024 * KiB, filled(4 * KiB, 6)); // one separate block
    cache.flush();
    expect(cache.stats).toEqual({
      deviceWrites: 3,
      bytesWrittenBack: 2 * 1024 * KiB + 4 * KiB,
    });
  });

  it('gathers every run in one reused buffer, handing the device exactly the run', () => {
    const disk = MemoryDisk.create(1024 * KiB);
    const calls: { offset: number; length: number; first: number }[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const watched = {
      read: (o: number, b: Uint8Array) => {
        disk.read(o, b);
      },
      write: (o: number, d: Uint8Array) => {
        calls.push({ offset: o, length: d.length, first: d[0] as number });
        buffers.add(d.buffer);
        disk.write(o, d);
      },
      flush: () => {
        disk.flush();
      },
      size: () => disk.size(),
      close: () => {
        disk.close();
      },
    };
    const cache = new WriteCache(watched, { maxRunBytes: 64 * KiB });
    cache.write(0, filled(128 * KiB, 1)); // two runs of 64 KiB
    cache.flush();
    cache.write(512 * KiB, filled(8 * KiB, 2)); // a shorter run, later
    cache.write(768 * KiB, filled(4 * KiB, 3));
    cache.flush();
    expect(calls).toEqual([
      { offset: 0, length: 64 * KiB, first: 1 },
      { offset: 64 * KiB, length: 64 * KiB, first: 1 },
      { offset: 512 * KiB, length: 8 * KiB, first: 2 },
      { offset: 768 * KiB, length: 4 * KiB, first: 3 },
    ]);
    expect(buffers.size).toBe(1);
    expect(read(disk, 0, 128 * KiB)).toEqual(filled(128 * KiB, 1));
    expect(read(disk, 512 * KiB, 12 * KiB)).toEqual(
      Uint8Array.from([...filled(8 * KiB, 2), ...filled(4 * KiB, 0)]),
    );
    expect(read(disk, 768 * KiB, 8 * KiB)).toEqual(
      Uint8Array.from([...filled(4 * KiB, 3), ...filled(4 * KiB, 0)]),
    );
  });

  it('merges an unaligned write with the bytes already on the device', () => {
    const disk = MemoryDisk.create(64 * KiB);
    disk.write(0, filled(4 * KiB, 9));
    const cache = new WriteCache(disk);
    cache.write(100, filled(200, 1));
    cache.flush();
    const expected = filled(4 * KiB, 9);
    expected.fill(1, 100, 300);
    expect(read(disk, 0, 4 * KiB)).toEqual(expected);
  });

  it('keeps blocks cached when the device fails during flush', () => {
    const disk = MemoryDisk.create(64 * KiB);
    let failing = true;
    const flaky = {
      read: (o: number, b: Uint8Array) => {
        disk.read(o, b);
      },
      write: (o: number, d: Uint8Array) => {
        if (failing)
          throw Object.assign(new Error('quota exceeded'), { errno: 'ENOSPC' });
        disk.write(o, d);
      },
      flush: () => {
        disk.flush();
      },
      size: () => disk.size(),
      close: () => {
        disk.close();
      },
    };
    const cache = new WriteCache(flaky);
    cache.write(0, filled(4 * KiB, 4));
    expect(() => {
      cache.flush();
    }).toThrow('quota exceeded');
    expect(cache.unflushedBytes).toBe(4 * KiB);
    failing = false;
    cache.flush();
    expect(read(disk, 0, 4 * KiB)).toEqual(filled(4 * KiB, 4));
  });
});
