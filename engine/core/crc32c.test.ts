import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';

describe('crc32c', () => {
  it('matches the RFC 3720 check value for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });
  it('matches the iSCSI test vector of 32 zero bytes', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
  it('matches the other RFC 3720 vectors (32 bytes of 0xff, bytes 0 to 31 ascending)', () => {
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(
      0x46dd794e,
    );
  });
  it('agrees with a byte-at-a-time CRC at every length and alignment (the lead-in to a 4-byte boundary, the sixteen-byte steps, the tail)', () => {
    const bytes = Uint8Array.from(
      { length: 4096 + 40 },
      (_, i) => (i * 151 + 7) & 0xff,
    );
    const lengths = [...Array.from({ length: 40 }, (_, i) => i), 4096, 4100];
    for (const start of [0, 1, 2, 3])
      for (const n of lengths) {
        const piece = bytes.subarray(start, start + n);
        expect(crc32c(piece, 0x1234)).toBe(bytewise(piece, 0x1234));
      }
  });
  it('continues a checksum across chunks', () => {
    const all = new TextEncoder().encode('hello, iomap');
    const head = crc32c(all.subarray(0, 5));
    expect(crc32c(all.subarray(5), head)).toBe(crc32c(all));
  });
});

/** The textbook CRC-32C, one bit at a time: the reference the table-driven one must match. */
function bytewise(bytes: Uint8Array, seed: number): number {
  let crc = ~seed >>> 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++)
      crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1;
  }
  return ~crc >>> 0;
}
