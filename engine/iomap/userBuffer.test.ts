// The user buffer: pattern bytes or given bytes, and the one fault a short-copy scenario plants
// (copy_from_user stops at the first byte it cannot read and returns how much it copied).
import { describe, expect, it } from 'vitest';
import { patternByte, UserBuffer } from './userBuffer.ts';

describe('UserBuffer', () => {
  it('copies given bytes (a splice) exactly, at any offset, and hands them to the oracle', () => {
    const given = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const buf = new UserBuffer(8, given, 1);
    const dst = new Uint8Array(6);
    expect(buf.copyTo(dst, 1, 3, 4)).toBe(4);
    expect([...dst]).toEqual([0, 4, 5, 6, 7, 0]);
    expect([...buf.bytes(2, 3)]).toEqual([3, 4, 5]);
  });

  it('fills pattern bytes: a fixed byte, or fsx op k byte (k mod 255) + 1', () => {
    const dst = new Uint8Array(4);
    expect(new UserBuffer(4, 'op-index', 300).copyTo(dst, 0, 0, 4)).toBe(4);
    expect([...dst]).toEqual([46, 46, 46, 46]);
    expect(patternByte('op-index', 300)).toBe(46);
    expect([...new UserBuffer(4, { byte: 9 }, 1).bytes(1, 2)]).toEqual([9, 9]);
  });

  it('faults once, at the planted offset: a copy ending there is whole, the next one stops at it', () => {
    const buf = new UserBuffer(8192, { byte: 9 }, 1, 4096);
    const dst = new Uint8Array(4096);
    expect(buf.copyTo(dst, 0, 0, 4096)).toBe(4096);
    expect(buf.copyTo(dst, 0, 4096, 4096)).toBe(0);
    // After the fault-in, the retry copies everything.
    expect(buf.copyTo(dst, 0, 4096, 4096)).toBe(4096);
  });

  it('a copy across the fault copies the bytes before it and leaves the rest of the destination alone', () => {
    const buf = new UserBuffer(8192, { byte: 9 }, 1, 5000);
    const dst = new Uint8Array(4096);
    expect(buf.copyTo(dst, 0, 4096, 4096)).toBe(5000 - 4096);
    expect(dst[5000 - 4096 - 1]).toBe(9);
    expect(dst[5000 - 4096]).toBe(0);
  });
});
