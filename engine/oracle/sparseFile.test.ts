// The sparse file against a plain array: every operation, then every read, size and difference agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFile, compareSparse } from './oracle.ts';
import { differences } from './sparseDiff.ts';
import { sameBytes } from '../core/bytes.ts';
import { CHUNK, isZero, SparseFile } from './sparseFile.ts';

/** The plain model: bytes and a size (nothing past the size is ever non-zero). */
class Plain {
  bytes = new Uint8Array(0);
  size = 0;
  private grow(end: number): void {
    if (end <= this.bytes.length) return;
    const next = new Uint8Array(end);
    next.set(this.bytes);
    this.bytes = next;
  }
  write(pos: number, data: Uint8Array): void {
    this.grow(pos + data.length);
    this.bytes.set(data, pos);
    this.size = Math.max(this.size, pos + data.length);
  }
  zero(start: number, end: number): void {
    if (start < this.size) this.bytes.fill(0, start, Math.min(end, this.size));
  }
  resize(size: number): void {
    this.grow(size);
    if (size < this.size) this.bytes.fill(0, size, this.size);
    this.size = size;
  }
  copy(src: number, len: number, dst: number): void {
    this.write(dst, this.view().slice(src, src + len));
  }
  view(): Uint8Array {
    this.grow(this.size);
    return this.bytes.subarray(0, this.size);
  }
}

const SPAN = 4 * CHUNK;
const op = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    pos: fc.nat(SPAN),
    len: fc.nat(CHUNK + 10),
    byte: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('zero' as const),
    pos: fc.nat(SPAN),
    len: fc.nat(2 * CHUNK),
  }),
  fc.record({ kind: fc.constant('resize' as const), pos: fc.nat(SPAN) }),
  fc.record({
    kind: fc.constant('copy' as const),
    pos: fc.nat(SPAN),
    len: fc.nat(2 * CHUNK),
    dst: fc.nat(SPAN),
  }),
  fc.record({ kind: fc.constant('snapshot' as const) }),
);

describe('SparseFile', () => {
  it('reads back what a plain array holds after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const sparse = new SparseFile();
        const plain = new Plain();
        const kept: { file: SparseFile; bytes: Uint8Array }[] = [];
        for (const o of ops) {
          if (o.kind === 'write') {
            const data = new Uint8Array(o.len).fill(o.byte);
            sparse.write(o.pos, data);
            plain.write(o.pos, data);
          } else if (o.kind === 'zero') {
            sparse.zero(o.pos, o.pos + o.len);
            plain.zero(o.pos, o.pos + o.len);
          } else if (o.kind === 'resize') {
            sparse.resize(o.pos);
            plain.resize(o.pos);
          } else if (o.kind === 'copy') {
            sparse.copyWithin(o.pos, o.len, o.dst);
            plain.copy(o.pos, o.len, o.dst);
          } else {
            kept.push({ file: sparse.snapshot(), bytes: plain.view().slice() });
          }
        }
        expect(sparse.size).toBe(plain.size);
        expect(sameBytes(sparse.slice(0, sparse.size), plain.view())).toBe(
          true,
        );
        // A snapshot never sees what changed after it was taken.
        for (const k of kept)
          expect(sameBytes(k.file.slice(0, k.file.size), k.bytes)).toBe(true);
      }),
    );
  });

  it('answers matches and isZeroIn as the plain bytes do, for any window', () => {
    const window = fc.record({ pos: fc.nat(SPAN), len: fc.nat(2 * CHUNK) });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 12 }),
        window,
        fc.nat(),
        (ops, w, at) => {
          const sparse = new SparseFile();
          const plain = new Plain();
          for (const o of ops)
            if (o.kind === 'write') {
              const data = new Uint8Array(o.len).fill(o.byte);
              sparse.write(o.pos, data);
              plain.write(o.pos, data);
            } else if (o.kind === 'zero') {
              sparse.zero(o.pos, o.pos + o.len);
              plain.zero(o.pos, o.pos + o.len);
            }
          // The plain bytes of the window, zeros past the size.
          const want = new Uint8Array(w.len);
          want.set(plain.view().subarray(w.pos, w.pos + w.len));
          expect(sparse.isZeroIn(w.pos, w.pos + w.len)).toBe(
            want.every((b) => b === 0),
          );
          expect(sparse.matches(w.pos, want)).toBe(true);
          if (w.len === 0) return;
          const flipped = want.slice();
          const i = at % w.len;
          flipped[i] = (flipped[i] ?? 0) ^ 0x80;
          expect(sparse.matches(w.pos, flipped)).toBe(false);
        },
      ),
    );
  });

  it('compares zeros and bytes at any alignment and length', () => {
    const buf = new Uint8Array(16);
    for (let start = 0; start < 4; start++)
      for (let end = start; end <= 16; end++) {
        const a = buf.subarray(start, end);
        expect(isZero(a)).toBe(true);
        expect(sameBytes(a, new Uint8Array(end - start))).toBe(true);
        if (end === start) continue;
        const b = a.slice();
        b[b.length - 1] = 1;
        expect(isZero(b)).toBe(false);
        expect(sameBytes(a, b)).toBe(false);
      }
  });

  it('finds the same differences as a byte-by-byte comparison', () => {
    const file = fc.array(
      fc.record({
        pos: fc.nat(SPAN),
        len: fc.nat(CHUNK),
        byte: fc.integer({ min: 0, max: 2 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(file, file, (wa, wb) => {
        const a = new SparseFile();
        const b = new SparseFile();
        for (const w of wa) a.write(w.pos, new Uint8Array(w.len).fill(w.byte));
        for (const w of wb) b.write(w.pos, new Uint8Array(w.len).fill(w.byte));
        const pa = a.slice(0, a.size);
        const pb = b.slice(0, b.size);
        expect(compareSparse('F', a, b)).toEqual(compareFile('F', pa, pb));
        const gone: [number, number][] = [];
        for (let i = 0; i < pa.length; i++) {
          const differ = i >= pb.length || pa[i] !== pb[i];
          const last = gone.at(-1);
          if (!differ) continue;
          if (last?.[1] === i) last[1] = i + 1;
          else gone.push([i, i + 1]);
        }
        expect([...differences(a, b, a.size, 'differs')]).toEqual(gone);
      }),
    );
  });

  it('holds a 1 TiB file with two written blocks in two chunks', () => {
    const f = new SparseFile(2 ** 40);
    f.write(999 * 2 ** 30, new Uint8Array(4096).fill(1));
    f.copyWithin(999 * 2 ** 30, 4096, 2 ** 40 - 4096);
    f.zero(0, 2 ** 39);
    expect(f.heldBytes).toBe(2 * CHUNK);
    expect(f.isZeroIn(0, 999 * 2 ** 30)).toBe(true);
    expect(f.matches(2 ** 40 - 4096, new Uint8Array(4096).fill(1))).toBe(true);
    f.resize(4096);
    expect(f.heldBytes).toBe(0);
  });
});
