// PNG text chunks (tEXt): put the view's share link and title inside an exported PNG, and read them back.
// Pure bytes in, bytes out; the chunk goes before IEND, with the CRC-32 the PNG format requires.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let table: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as in PNG and zlib) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = (table[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Latin-1 bytes of `text` (tEXt's encoding); other characters become "?". */
function latin1(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out.push(code < 256 ? code : 0x3f);
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** `png` with a tEXt chunk per entry (keyword 1-79 Latin-1 characters) inserted before IEND. */
export function withTextChunks(
  png: Uint8Array,
  entries: Readonly<Record<string, string>>,
): Uint8Array {
  if (!SIGNATURE.every((b, i) => png[i] === b))
    throw new Error('not a PNG file');
  const iend = png.length - 12;
  const chunks = Object.entries(entries).map(([k, v]) =>
    chunk('tEXt', Uint8Array.from([...latin1(k), 0, ...latin1(v)])),
  );
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + size);
  out.set(png.subarray(0, iend), 0);
  let at = iend;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(iend), at);
  return out;
}

/** Every tEXt chunk of `png`, keyword to text; throws on a chunk whose CRC is wrong. */
export function readTextChunks(png: Uint8Array): Record<string, string> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const found: Record<string, string> = {};
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (
      view.getUint32(at + 8 + length) !==
      crc32(png.subarray(at + 4, at + 8 + length))
    )
      throw new Error(`chunk ${type} at ${String(at)} has a bad CRC`);
    if (type === 'tEXt') {
      const zero = body.indexOf(0);
      found[String.fromCharCode(...body.subarray(0, zero))] =
        String.fromCharCode(...body.subarray(zero + 1));
    }
    at += 12 + length;
  }
  return found;
}
