// A file's bytes as the oracles hold them: a size and 4 KiB chunks kept only where a byte may be non-zero.
// Memory follows what was written, never the size: a 1 TiB file with one written block holds one chunk.
// Every byte at or past `size` reads as zero (a shrink drops them), so a later grow reads zeros there.

import { sameBytes } from '../core/bytes.ts';

/** Bytes per chunk: the unit of memory, unrelated to the simulated page or sector size. */
export const CHUNK = 4096;

/** A present chunk overlapping a range: its file offset and its bytes (CHUNK long). */
export interface Chunk {
  readonly at: number;
  readonly bytes: Uint8Array;
}

export class SparseFile {
  private readonly chunks = new Map<number, Uint8Array>();
  /** Chunk indices in order; rebuilt after a chunk is added or removed. */
  private order: number[] | null = [];
  /** Chunks shared with a snapshot: copied before they change. */
  private readonly shared = new WeakSet<Uint8Array>();

  constructor(public size = 0) {}

  /** Bytes held in memory (for tests that pin the memory bound). */
  get heldBytes(): number {
    return this.chunks.size * CHUNK;
  }

  /** A copy that shares every chunk until one side changes it. */
  snapshot(): SparseFile {
    const copy = new SparseFile(this.size);
    for (const [index, bytes] of this.chunks) {
      this.shared.add(bytes);
      copy.shared.add(bytes);
      copy.chunks.set(index, bytes);
    }
    copy.order = null;
    return copy;
  }

  /** Stores `data` at `pos`; the size grows to cover it. All-zero pieces of absent chunks take no memory. */
  write(pos: number, data: Uint8Array): void {
    for (let done = 0; done < data.length;) {
      const at = pos + done;
      const index = Math.floor(at / CHUNK);
      const inChunk = at - index * CHUNK;
      const n = Math.min(CHUNK - inChunk, data.length - done);
      const piece = data.subarray(done, done + n);
      const chunk = this.writable(index, !isZero(piece));
      if (chunk !== null) chunk.set(piece, inChunk);
      done += n;
    }
    this.size = Math.max(this.size, pos + data.length);
  }

  /** Bytes [start, end) read as zeros now (clipped to the size). */
  zero(start: number, end: number): void {
    const to = Math.min(end, this.size);
    const from = Math.max(0, start);
    if (from >= to) return;
    for (const { at } of this.chunksIn(from, to)) {
      const a = Math.max(from, at);
      const b = Math.min(to, at + CHUNK);
      const index = at / CHUNK;
      if (a === at && b === at + CHUNK) this.drop(index);
      // Stryker disable next-line OptionalChaining,BooleanLiteral: the chunk is present (chunksIn), so never null
      else this.writable(index, true)?.fill(0, a - at, b - at);
    }
  }

  /** The file becomes `size` bytes long: a shrink forgets the tail, a grow reads zeros. */
  resize(size: number): void {
    this.zero(size, this.size); // clipped: a grow zeroes nothing
    this.size = size;
  }

  /**
   * `len` bytes at `src` now also appear at `dst` (clone, copy within one file); the part of the source past
   * the size is not copied, and the file grows to cover what was. Overlapping ranges copy as memmove does.
   */
  copyWithin(src: number, len: number, dst: number): void {
    const n = Math.max(0, Math.min(len, this.size - src));
    const pieces = this.chunksIn(src, src + n).map(({ at, bytes }) => {
      const a = Math.max(src, at);
      const b = Math.min(src + n, at + CHUNK);
      return { to: dst + (a - src), bytes: bytes.slice(a - at, b - at) };
    });
    this.zero(dst, dst + n);
    for (const p of pieces) this.write(p.to, p.bytes);
    this.size = Math.max(this.size, dst + n);
  }

  /** Fills `out` with the bytes at [pos, pos + out.length) (zeros where nothing is held). */
  read(pos: number, out: Uint8Array): void {
    out.fill(0);
    for (const { at, bytes } of this.chunksIn(pos, pos + out.length)) {
      const a = Math.max(pos, at);
      const b = Math.min(pos + out.length, at + CHUNK);
      out.set(bytes.subarray(a - at, b - at), a - pos);
    }
  }

  /** A new array of the bytes at [start, end), clipped to the size (callers bound the length). */
  slice(start: number, end: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(end, this.size) - start));
    this.read(start, out);
    return out;
  }

  /** The byte at `pos` (zero where nothing is held). */
  byteAt(pos: number): number {
    const index = Math.floor(pos / CHUNK);
    return this.chunks.get(index)?.[pos - index * CHUNK] ?? 0;
  }

  /** True when the bytes at [pos, pos + bytes.length) are exactly `bytes`. */
  matches(pos: number, bytes: Uint8Array): boolean {
    let cursor = pos;
    const end = pos + bytes.length;
    const order = this.sorted();
    for (
      let i = firstAtOrAfter(order, Math.floor(pos / CHUNK));
      i < order.length;
      i++
    ) {
      const index = order[i] as number;
      const at = index * CHUNK;
      if (at >= end) break;
      const chunk = this.chunks.get(index) as Uint8Array;
      const a = Math.max(pos, at);
      const b = Math.min(end, at + CHUNK);
      if (!isZero(bytes.subarray(cursor - pos, a - pos))) return false;
      if (
        !sameBytes(
          chunk.subarray(a - at, b - at),
          bytes.subarray(a - pos, b - pos),
        )
      )
        return false;
      cursor = b;
    }
    return isZero(bytes.subarray(cursor - pos));
  }

  /** True when every byte of [start, end) is zero. */
  isZeroIn(start: number, end: number): boolean {
    const order = this.sorted();
    for (
      let i = firstAtOrAfter(order, Math.floor(start / CHUNK));
      i < order.length;
      i++
    ) {
      const index = order[i] as number;
      const at = index * CHUNK;
      if (at >= end) break;
      const chunk = this.chunks.get(index) as Uint8Array;
      const a = Math.max(start, at) - at;
      const b = Math.min(end, at + CHUNK) - at;
      if (!isZero(chunk.subarray(a, b))) return false;
    }
    return true;
  }

  /** The present chunks overlapping [start, end), in file order. */
  chunksIn(start: number, end: number): Chunk[] {
    const order = this.sorted();
    const out: Chunk[] = [];
    for (
      let i = firstAtOrAfter(order, Math.floor(start / CHUNK));
      i < order.length;
      i++
    ) {
      const index = order[i] as number;
      if (index * CHUNK >= end) break;
      out.push({
        at: index * CHUNK,
        bytes: this.chunks.get(index) as Uint8Array,
      });
    }
    return out;
  }

  private sorted(): number[] {
    this.order ??= [...this.chunks.keys()].sort((a, b) => a - b);
    return this.order;
  }

  /** The chunk to change, copied first if shared; created when absent and `create`, else null. */
  private writable(index: number, create: boolean): Uint8Array | null {
    const chunk = this.chunks.get(index);
    if (chunk === undefined) {
      if (!create) return null;
      const fresh = new Uint8Array(CHUNK);
      this.chunks.set(index, fresh);
      this.order = null;
      return fresh;
    }
    if (!this.shared.has(chunk)) return chunk;
    const own = chunk.slice();
    this.chunks.set(index, own);
    return own;
  }

  private drop(index: number): void {
    this.chunks.delete(index);
    this.order = null;
  }
}

/** The first position in ascending `order` holding a value >= `value`. */
function firstAtOrAfter(order: readonly number[], value: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((order[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when every byte is zero, four bytes at a time where the array allows it. */
export function isZero(a: Uint8Array): boolean {
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
