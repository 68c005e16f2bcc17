import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';

describe('crc32c', () => {
  it('matches the RFC 3720 check value for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });
  it('matches the iSCSI test vector of 32 zero bytes', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
  it('continues a checksum across chunks', () => {
    const all = new TextEncoder().encode('hello, iomap');
    const head = crc32c(all.subarray(0, 5));
    expect(crc32c(all.subarray(5), head)).toBe(crc32c(all));
  });
});
