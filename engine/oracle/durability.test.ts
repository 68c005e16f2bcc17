import { describe, expect, it } from 'vitest';
import { DurabilityModel } from './durability.ts';
import { SparseFile } from './sparseFile.ts';

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);
function file(content: Uint8Array): SparseFile {
  const f = new SparseFile();
  f.write(0, content);
  return f;
}

describe('the durability oracle', () => {
  it('promises nothing for a file never synced', () => {
    expect(new DurabilityModel().verify('F', file(bytes(0, 0)))).toEqual({
      lostBytes: 0,
      mismatches: [],
    });
  });

  it('counts promised bytes that changed or vanished', () => {
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    const after = bytes(80, 7);
    after.fill(1, 10, 20);
    const v = d.verify('F', file(after));
    expect(v.lostBytes).toBe(10 + 20);
    expect(v.mismatches).toEqual([
      "F: fsync'ed bytes [10, 20) changed across the power cut",
      "F: fsync'ed bytes [80, 100) are gone: the file is only 80 bytes after the remount",
    ]);
  });

  it('says a clean unmount, not a power cut, after a remount', () => {
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    const after = bytes(100, 7);
    after[50] = 0;
    expect(d.verify('F', file(after), 'remount').mismatches).toEqual([
      "F: fsync'ed bytes [50, 51) changed across the unmount and mount",
    ]);
  });

  it('withdraws the promise for bytes changed or cut off since', () => {
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    d.changed('F', 10, 20);
    d.resized('F', 80);
    const after = bytes(80, 7);
    after.fill(1, 10, 20);
    expect(d.verify('F', file(after)).lostBytes).toBe(0);
  });

  it('keeps its promise when the file it was made on changes later', () => {
    const d = new DurabilityModel();
    const live = file(bytes(8192, 7));
    d.persist('F', live);
    live.write(100, bytes(10, 1));
    expect(d.verify('F', file(bytes(8192, 7))).lostBytes).toBe(0);
  });

  it('holds a promise on a 1 TiB sparse file in memory for its written blocks only', () => {
    const d = new DurabilityModel();
    const live = new SparseFile(2 ** 40);
    live.write(2 ** 40 - 4096, bytes(4096, 9));
    d.persist('F', live);
    const after = live.snapshot();
    after.write(2 ** 39, bytes(1, 3));
    const v = d.verify('F', after);
    expect(v.lostBytes).toBe(1);
    expect(after.heldBytes).toBe(8192);
  });

  it('withdraws the promise for every changed range, merged in any order, and keeps it for the rest', () => {
    // After fsync every byte is promised; a later change to a byte withdraws it (the crash may land before
    // or after the change). Here every byte reads back changed, so what is lost is exactly what stayed
    // promised: [5, 10), [40, 60) and [70, 95).
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    d.changed('F', 30, 40);
    d.changed('F', 10, 20);
    d.changed('F', 15, 35);
    d.changed('F', 60, 70);
    d.changed('F', -5, 5);
    d.changed('F', 95, 200);
    d.changed('F', 50, 50);
    d.changed('G', 0, 100);
    const v = d.verify('F', file(bytes(100, 1)));
    expect(v.lostBytes).toBe(5 + 20 + 25);
    expect(v.mismatches).toEqual([
      "F: fsync'ed bytes [5, 10) changed across the power cut",
      "F: fsync'ed bytes [40, 60) changed across the power cut",
      "F: fsync'ed bytes [70, 95) changed across the power cut",
    ]);
  });

  it('names at most five lost ranges but counts every lost byte', () => {
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    for (let at = 5; at < 100; at += 10) d.changed('F', at, at + 5);
    const v = d.verify('F', file(bytes(100, 1)), 'remount');
    expect(v.lostBytes).toBe(50);
    expect(v.mismatches).toEqual(
      [0, 10, 20, 30, 40].map(
        (at) =>
          `F: fsync'ed bytes [${String(at)}, ${String(at + 5)}) changed across the unmount and mount`,
      ),
    );
  });

  it('a shrink withdraws the promise past the new size only', () => {
    const d = new DurabilityModel();
    d.persist('F', file(bytes(100, 7)));
    d.resized('F', 60);
    const kept = file(bytes(60, 7));
    expect(d.verify('F', kept)).toEqual({ lostBytes: 0, mismatches: [] });
    const short = file(bytes(40, 7));
    expect(d.verify('F', short)).toEqual({
      lostBytes: 20,
      mismatches: [
        "F: fsync'ed bytes [40, 60) are gone: the file is only 40 bytes after the remount",
      ],
    });
  });

  it('counts promised zeros past the end as lost when the file comes back shorter', () => {
    // A hole read as zeros is promised as much as data: a file cut to 40 bytes lost the 60 zeros after.
    const d = new DurabilityModel();
    d.persist('F', new SparseFile(100));
    expect(d.verify('F', new SparseFile(40))).toEqual({
      lostBytes: 60,
      mismatches: [
        "F: fsync'ed bytes [40, 100) are gone: the file is only 40 bytes after the remount",
      ],
    });
  });
});
