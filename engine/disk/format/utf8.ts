// UTF-8 (RFC 3629) for names: the pure engine's ES2022 lib has no TextEncoder/TextDecoder types.
// Strict both ways, so a name round-trips exactly or is refused.

import { InvariantError } from '../../core/assert.ts';

/** Throws on a lone UTF-16 surrogate, which has no UTF-8 form. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff)
      throw new InvariantError(
        'a name with a lone UTF-16 surrogate has no UTF-8 form',
      );
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000)
      out.push(
        0xe0 | (cp >> 12),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
  }
  return Uint8Array.from(out);
}

/** The decoded text, or null for anything but well-formed UTF-8 (overlong forms and surrogates included). */
export function utf8Decode(bytes: Uint8Array): string | null {
  const MIN_BY_LENGTH = [0, 0, 0x80, 0x800, 0x10000] as const;
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead < 0xc0
          ? 0
          : lead < 0xe0
            ? 2
            : lead < 0xf0
              ? 3
              : lead < 0xf8
                ? 4
                : 0;
    if (length === 0 || i + length > bytes.length) return null;
    let cp = length === 1 ? lead : lead & (0x7f >> length);
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k] ?? 0;
      if ((next & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (
      cp < MIN_BY_LENGTH[length] ||
      cp > 0x10ffff ||
      (cp >= 0xd800 && cp <= 0xdfff)
    )
      return null;
    text += String.fromCodePoint(cp);
    i += length;
  }
  return text;
}
