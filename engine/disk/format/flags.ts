// Flag words in item payloads: known bits pass, any other bit is a caller bug when encoding and a damaged
// image when decoding. Rule: only the low 32 bits hold known flags.

import { InvariantError } from '../../core/assert.ts';
import { fail, ok, type Result } from '../../core/errno.ts';

// Known flags all sit in the low 32 bits, where JS bitwise operators work; every higher bit is unknown.
function unknownFlags(flags: number, known: number): number | null {
  const low = flags % 2 ** 32;
  const unknown = flags - low + ((low & ~known) >>> 0);
  return unknown === 0 ? null : unknown;
}

export function checkFlags(what: string, flags: number, known: number): void {
  const unknown = unknownFlags(flags, known);
  if (unknown !== null)
    throw new InvariantError(
      `${what} flags 0x${flags.toString(16)} has unknown bits 0x${unknown.toString(16)}`,
    );
}

export function withKnownFlags<T extends { readonly flags: number }>(
  what: string,
  value: T,
  known: number,
): Result<T> {
  const unknown = unknownFlags(value.flags, known);
  return unknown === null
    ? ok(value)
    : fail(
        'EIO',
        `${what} flags 0x${value.flags.toString(16)} has unknown bits 0x${unknown.toString(16)}`,
      );
}
