// The data oracle: a plain byte model of what every file must contain, and a side-effect-free reader of
// what the page cache plus the disk would return. After every operation the two must agree.

import { InvariantError } from '../core/assert.ts';
import type { Fs, FsInode } from '../btrfs/fs.ts';
import type { ExtentMap } from '../btrfs/fileExtents.ts';
import type { Scenario } from '../scenario/types.ts';
import { InitialContent } from '../sim/initialContent.ts';

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
    const content = new InitialContent(scenario);
    for (const file of scenario.files) {
      const bytes = new Uint8Array(Math.max(file.size, 1));
      content.readFile(file, 0, bytes.subarray(0, file.size));
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

/** Where a piece of a file's content comes from: cached page bytes, a run on disk, or zeros. */
type Source =
  | { readonly kind: 'cache'; readonly bytes: Uint8Array }
  | { readonly kind: 'disk'; readonly addr: number }
  | { readonly kind: 'zero' };

/**
 * Walks the whole file as a read would see it, without touching any state: cached uptodate blocks, else
 * the extent on disk (blocks contiguous in one extent as one run), else zeros. `visit` returns false to stop.
 */
function walkFile(
  fs: Fs,
  entry: FsInode,
  visit: (at: number, len: number, source: Source) => boolean,
): boolean {
  const size = entry.inode.isize;
  const ps = fs.geo.pageSize;
  const bs = fs.geo.sectorSize;
  let em: ExtentMap | null = null;
  let run = { at: 0, addr: 0, len: 0 };
  const flush = (): boolean => {
    const { at, addr, len } = run;
    run = { at: 0, addr: 0, len: 0 };
    return len === 0 || visit(at, len, { kind: 'disk', addr });
  };
  for (let off = 0; off < size; off += bs) {
    const n = Math.min(bs, size - off);
    const page = entry.mapping.find(Math.floor(off / ps));
    const inPage = off % ps;
    if (page !== undefined && page.uptodate[Math.floor(inPage / bs)] === 1) {
      const bytes = page.data.subarray(inPage, inPage + n);
      if (!flush() || !visit(off, n, { kind: 'cache', bytes })) return false;
      continue;
    }
    if (em === null || off >= em.start + em.len)
      em = entry.extents.lookup(off, size - off);
    if (em.kind !== 'regular') {
      if (!flush() || !visit(off, n, { kind: 'zero' })) return false;
      continue;
    }
    const addr = em.blockStart + (off - em.start);
    if (run.len > 0 && run.at + run.len === off && run.addr + run.len === addr)
      run.len += n;
    else {
      if (!flush()) return false;
      run = { at: off, addr, len: n };
    }
  }
  return flush();
}

/** What a read of the whole file would return, without touching any state. */
export function peekFile(fs: Fs, entry: FsInode): Uint8Array {
  const out = new Uint8Array(entry.inode.isize);
  walkFile(fs, entry, (at, len, source) => {
    if (source.kind === 'cache') out.set(source.bytes, at);
    else if (source.kind === 'disk')
      fs.disk.read(source.addr, out.subarray(at, at + len));
    return true;
  });
  return out;
}

/** True when a read of the whole file would return exactly `expected` (cached bytes are not copied). */
export function fileMatches(
  fs: Fs,
  entry: FsInode,
  expected: Uint8Array,
): boolean {
  if (expected.length !== entry.inode.isize) return false;
  let scratch = new Uint8Array(0);
  return walkFile(fs, entry, (at, len, source) => {
    const want = expected.subarray(at, at + len);
    if (source.kind === 'cache') return sameBytes(source.bytes, want);
    if (source.kind === 'zero') return allZero(want);
    if (scratch.length < len) scratch = new Uint8Array(len);
    const got = scratch.subarray(0, len);
    fs.disk.read(source.addr, got);
    return sameBytes(got, want);
  });
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

function allZero(a: Uint8Array): boolean {
  let i = 0;
  if (a.byteOffset % 4 === 0) {
    const words = Math.floor(a.length / 4);
    const w = new Uint32Array(a.buffer, a.byteOffset, words);
    while (i < words && w[i] === 0) i++;
    if (i < words) return false;
    i *= 4;
  }
  for (; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
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
