// The data oracle: a plain byte model of what every file must contain, and a side-effect-free reader of
// what the page cache plus the disk would return. After every operation the two must agree.

import { InvariantError } from '../core/assert.ts';
import type { Fs, FsInode } from '../btrfs/fs.ts';
import type { Scenario } from '../scenario/types.ts';
import { fillByte } from '../sim/setup.ts';

export interface OracleVerdict {
  readonly ok: boolean;
  readonly mismatches: readonly string[];
}

export class DataOracle {
  private readonly files = new Map<
    string,
    { bytes: Uint8Array; size: number }
  >();

  constructor(scenario: Scenario) {
    for (const file of scenario.files) {
      const bytes = new Uint8Array(Math.max(file.size, 1));
      for (const ext of file.extents) {
        if (ext.type !== 'regular') continue;
        for (
          let o = ext.offset;
          o < Math.min(ext.offset + ext.length, file.size);
          o++
        )
          bytes[o] = fillByte(file.fill, o);
      }
      this.files.set(file.name, { bytes, size: file.size });
    }
  }

  /** A write of `data` at `pos` succeeded. */
  write(name: string, pos: number, data: Uint8Array): void {
    const f = this.file(name);
    const end = pos + data.length;
    this.reserve(f, end);
    f.bytes.set(data, pos);
    f.size = Math.max(f.size, end);
  }

  /** The file became `size` bytes long: a shrink forgets the tail, a grow adds zeros. */
  resize(name: string, size: number): void {
    const f = this.file(name);
    this.reserve(f, size);
    if (size < f.size) f.bytes.fill(0, size, f.size);
    f.size = size;
  }

  /** Bytes [start, end) read as zeros now (within the file; `end` past EOF is clipped). */
  zero(name: string, start: number, end: number): void {
    const f = this.file(name);
    if (start < f.size) f.bytes.fill(0, start, Math.min(end, f.size));
  }

  /** `len` bytes at `src` now also appear at `dst` (clone, copy); the file grows to cover them. */
  copy(name: string, src: number, len: number, dst: number): void {
    this.write(name, dst, this.expected(name).slice(src, src + len));
  }

  /** After a power cut the model takes what survived (checked separately against what was durable). */
  replace(name: string, bytes: Uint8Array): void {
    const f = this.file(name);
    f.bytes = new Uint8Array(Math.max(bytes.length, 1));
    f.bytes.set(bytes);
    f.size = bytes.length;
  }

  private reserve(f: { bytes: Uint8Array; size: number }, end: number): void {
    if (end <= f.bytes.length) return;
    const grown = new Uint8Array(Math.max(end, f.bytes.length * 2));
    grown.set(f.bytes);
    f.bytes = grown;
  }

  expected(name: string): Uint8Array {
    const f = this.file(name);
    return f.bytes.subarray(0, f.size);
  }

  private file(name: string): { bytes: Uint8Array; size: number } {
    const f = this.files.get(name);
    if (f === undefined)
      throw new InvariantError(`oracle: unknown file ${name}`);
    return f;
  }
}

/** What a read of the whole file would return, without touching any state: cached blocks, else disk. */
export function peekFile(fs: Fs, entry: FsInode): Uint8Array {
  const size = entry.inode.isize;
  const out = new Uint8Array(size);
  const ps = fs.geo.pageSize;
  const bs = fs.geo.sectorSize;
  for (let off = 0; off < size; off += bs) {
    const n = Math.min(bs, size - off);
    const page = entry.mapping.find(Math.floor(off / ps));
    const block = Math.floor((off % ps) / bs);
    if (page !== undefined && page.uptodate[block] === 1) {
      out.set(page.data.subarray(off % ps, (off % ps) + n), off);
      continue;
    }
    const em = entry.extents.lookup(off, bs);
    if (em.kind === 'regular')
      fs.disk.read(
        em.blockStart + (off - em.start),
        out.subarray(off, off + n),
      );
  }
  return out;
}

/** Compares the model with what the filesystem returns; describes up to five differing ranges. */
export function compareFile(
  name: string,
  expected: Uint8Array,
  actual: Uint8Array,
): OracleVerdict {
  if (sameBytes(expected, actual)) return { ok: true, mismatches: [] };
  const mismatches: string[] = [];
  if (expected.length !== actual.length)
    mismatches.push(
      `${name}: size is ${String(actual.length)}, expected ${String(expected.length)}`,
    );
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n && mismatches.length < 5; i++) {
    if (expected[i] === actual[i]) continue;
    let j = i;
    while (j < n && expected[j] !== actual[j]) j++;
    mismatches.push(
      `${name}: bytes [${String(i)}, ${String(j)}) differ: expected 0x${(expected[i] ?? 0).toString(16)}, the file reads 0x${(actual[i] ?? 0).toString(16)}`,
    );
    i = j;
  }
  return { ok: mismatches.length === 0, mismatches };
}

/** Byte equality, four bytes at a time where both arrays allow it. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = Math.floor(a.length / 4);
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    while (i < words && wa[i] === wb[i]) i++;
    i *= 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
