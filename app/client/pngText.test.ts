import { describe, expect, it } from 'vitest';
import { crc32, readTextChunks, withTextChunks } from './pngText.ts';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A PNG's frame: the signature, an IHDR chunk and IEND (enough for the chunk layer). */
function framePng(): Uint8Array {
  const chunk = (type: string, data: number[]) => {
    const body = Uint8Array.from([...ascii(type), ...data]);
    const crc = crc32(body);
    return [
      0,
      0,
      0,
      data.length,
      ...body,
      crc >>> 24,
      (crc >>> 16) & 0xff,
      (crc >>> 8) & 0xff,
      crc & 0xff,
    ];
  };
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
    ...chunk('IEND', []),
  ]);
}

describe('PNG text chunks', () => {
  it('crc32 gives the standard check value', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    // IEND's CRC, as every PNG file ends.
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
  });

  it('puts the link before IEND and reads it back, every CRC valid', () => {
    const link = 'http://127.0.0.1:4174/?scenario=S2&design=srcmap&step=23';
    const png = withTextChunks(framePng(), {
      URL: link,
      Software: 'iomap-explorer',
    });
    expect(readTextChunks(png)).toEqual({
      URL: link,
      Software: 'iomap-explorer',
    });
    expect(
      String.fromCharCode(...png.subarray(png.length - 8, png.length - 4)),
    ).toBe('IEND');
  });

  it('refuses what is not a PNG', () => {
    expect(() => withTextChunks(new Uint8Array(20), { URL: 'x' })).toThrow(
      'not a PNG',
    );
  });
});
