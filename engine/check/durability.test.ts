import { describe, expect, it } from 'vitest';
import { DurabilityModel } from './durability.ts';

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('the durability oracle', () => {
  it('promises nothing for a file never synced', () => {
    expect(new DurabilityModel().verify('F', bytes(0, 0))).toEqual({
      lostBytes: 0,
      mismatches: [],
    });
  });

  it('counts promised bytes that changed or vanished', () => {
    const d = new DurabilityModel();
    d.persist('F', bytes(100, 7));
    const after = bytes(80, 7);
    after.fill(1, 10, 20);
    const v = d.verify('F', after);
    expect(v.lostBytes).toBe(10 + 20);
    expect(v.mismatches).toEqual([
      "F: fsync'ed bytes [10, 20) changed across the power cut",
      "F: fsync'ed bytes [80, 100) are gone: the file is only 80 bytes after the remount",
    ]);
  });

  it('withdraws the promise for bytes changed or cut off since', () => {
    const d = new DurabilityModel();
    d.persist('F', bytes(100, 7));
    d.changed('F', 10, 20);
    d.resized('F', 80);
    const after = bytes(80, 7);
    after.fill(1, 10, 20);
    expect(d.verify('F', after).lostBytes).toBe(0);
  });
});
