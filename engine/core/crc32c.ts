// CRC-32C (Castagnoli), the checksum btrfs uses by default for data sectors and metadata blocks. Computed
// sixteen bytes at a time from sixteen tables (slicing-by-16, lib/crc32.c's slicing widened), read as four
// 32-bit words once the bytes reach a 4-byte boundary; the lead-in and the tail a byte at a time.

const POLY = 0x82f63b78;

/** TABLES[k][n]: the CRC of byte n followed by k zero bytes. */
const TABLES = (() => {
  const t = new Uint32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 16; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
})();

/**
 * Whether a Uint32Array reads bytes as little-endian words, the order the tables expect (every platform
 * this runs on; elsewhere every byte takes the one-at-a-time loop).
 */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** CRC-32C of `bytes`, continuing from `seed` (the kernel's crc32c(~0, ...) convention, finalised). */
export function crc32c(bytes: Uint8Array, seed = 0): number {
  const t = TABLES;
  let crc = ~seed >>> 0;
  let i = 0;
  const n = bytes.length;
  if (LITTLE_ENDIAN) {
    // A Uint32Array view needs a 4-byte aligned start: up to three bytes one at a time first.
    const lead = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
    for (; i < lead; i++)
      crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
    const words = ((n - i) >>> 4) << 2;
    if (words > 0) {
      const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
      for (let j = 0; j < words; j += 4) {
        const a = (crc ^ (w[j] as number)) >>> 0;
        const b = w[j + 1] as number;
        const c = w[j + 2] as number;
        const d = w[j + 3] as number;
        crc =
          (t[15 * 256 + (a & 0xff)] as number) ^
          (t[14 * 256 + ((a >>> 8) & 0xff)] as number) ^
          (t[13 * 256 + ((a >>> 16) & 0xff)] as number) ^
          (t[12 * 256 + (a >>> 24)] as number) ^
          (t[11 * 256 + (b & 0xff)] as number) ^
          (t[10 * 256 + ((b >>> 8) & 0xff)] as number) ^
          (t[9 * 256 + ((b >>> 16) & 0xff)] as number) ^
          (t[8 * 256 + (b >>> 24)] as number) ^
          (t[7 * 256 + (c & 0xff)] as number) ^
          (t[6 * 256 + ((c >>> 8) & 0xff)] as number) ^
          (t[5 * 256 + ((c >>> 16) & 0xff)] as number) ^
          (t[4 * 256 + (c >>> 24)] as number) ^
          (t[3 * 256 + (d & 0xff)] as number) ^
          (t[2 * 256 + ((d >>> 8) & 0xff)] as number) ^
          (t[256 + ((d >>> 16) & 0xff)] as number) ^
          (t[d >>> 24] as number);
      }
      i += words * 4;
    }
  }
  for (; i < n; i++)
    crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
