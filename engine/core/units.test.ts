import { describe, expect, it } from 'vitest';
import { formatSize, shortRange, shortSize } from './units.ts';

describe('shortSize', () => {
  it('uses the largest binary unit that divides the size exactly', () => {
    expect(shortSize(0)).toBe('0B');
    expect(shortSize(200)).toBe('200B');
    expect(shortSize(4096)).toBe('4K');
    expect(shortSize(1536 * 1024)).toBe('1536K');
    expect(shortSize(16 * 1024 * 1024)).toBe('16M');
    expect(shortSize(1024 ** 3)).toBe('1G');
    expect(shortSize(3 * 1024 ** 3)).toBe('3G');
    // 1 TiB, the file-size limit, was shown as "1048576M".
    expect(shortSize(1024 ** 4)).toBe('1T');
    expect(shortSize(1024 ** 4 + 4096)).toBe('1073741828K');
  });

  it('never shows more than four digits before M when a larger unit divides', () => {
    for (const n of [1024 ** 3, 2 * 1024 ** 3, 1024 ** 4, 8 * 1024 ** 4])
      expect(shortSize(n)).not.toMatch(/\d{5,}M$/);
  });
});

describe('formatSize', () => {
  it('is readable with at most one decimal', () => {
    expect(formatSize(100)).toBe('100 B');
    expect(formatSize(4096)).toBe('4 KiB');
    expect(formatSize(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatSize(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatSize(1024 ** 4)).toBe('1 TiB');
  });
});

describe('shortRange', () => {
  it('writes a range as narration does, and one to the end of the file as such', () => {
    expect(shortRange(4096, 8192)).toBe('[4K, 8K)');
    expect(shortRange(4096, Number.MAX_SAFE_INTEGER)).toBe('[4K, end of file)');
    expect(shortRange(8192, 2 ** 53 - 4096)).toBe('[8K, end of file)');
    // Just below 2^52 is still a size.
    expect(shortRange(0, 2 ** 52 - 4096)).toBe('[0B, 4398046511100K)');
  });
});
