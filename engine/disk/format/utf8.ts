// UTF-8 for names, through the host's TextEncoder/TextDecoder (Node, browsers and workers all have them).
// Strict both ways, so a name round-trips exactly or is refused.

import { InvariantError } from '../../core/assert.ts';

/** The two codec classes, typed here: the pure engine's ES2022 lib declares neither. */
interface TextCodecs {
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (
    label: 'utf-8',
    options: { readonly fatal: boolean; readonly ignoreBOM: boolean },
  ) => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as TextCodecs;
const encoder = new codecs.TextEncoder();
// fatal: malformed input throws instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF is kept, not eaten.
const decoder = new codecs.TextDecoder('utf-8', {
  fatal: true,
  ignoreBOM: true,
});

/** A lone UTF-16 surrogate (one not paired with its other half). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Throws on a lone UTF-16 surrogate, which has no UTF-8 form (TextEncoder would write U+FFFD instead). */
export function utf8Encode(text: string): Uint8Array {
  if (LONE_SURROGATE.test(text))
    throw new InvariantError(
      'a name with a lone UTF-16 surrogate has no UTF-8 form',
    );
  return encoder.encode(text);
}

/** The decoded text, or null for anything but well-formed UTF-8 (overlong forms and surrogates included). */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
