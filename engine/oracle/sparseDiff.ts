// Where two sparse files differ: maximal byte ranges, found chunk by chunk over the chunks either side holds,
// so the cost follows what was written and never the size. Pure.

import { sameBytes } from '../core/bytes.ts';
import { CHUNK, type SparseFile } from './sparseFile.ts';

const ZEROS = new Uint8Array(CHUNK);

/**
 * The maximal ranges [start, end) below `end` where `a` and `b` differ, in order. With `pastEnd` 'differs',
 * every byte at or past `b.size` differs (it is gone from `b`); with 'ignore', `end` should not pass it.
 */
export function* differences(
  a: SparseFile,
  b: SparseFile,
  end: number,
  pastEnd: 'differs' | 'ignore',
): Generator<[number, number]> {
  const limit = pastEnd === 'differs' ? Math.min(end, b.size) : end;
  let open: number | null = null;
  let compared = 0;
  for (const at of chunkStarts(a, b, limit)) {
    if (open !== null && at > compared) {
      yield [open, compared];
      open = null;
    }
    const to = Math.min(at + CHUNK, limit);
    const x = a.chunksIn(at, at + 1)[0]?.bytes ?? ZEROS;
    const y = b.chunksIn(at, at + 1)[0]?.bytes ?? ZEROS;
    const n = to - at;
    // Stryker disable next-line BlockStatement: speed only; the byte loop finds no difference either
    if (open === null && sameBytes(x.subarray(0, n), y.subarray(0, n))) {
      compared = to;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const differ = x[i] !== y[i];
      if (differ && open === null) open = at + i;
      else if (!differ && open !== null) {
        yield [open, at + i];
        open = null;
      }
    }
    compared = to;
  }
  const gone = pastEnd === 'differs' && limit < end;
  if (open !== null && gone && compared === limit) {
    yield [open, end];
    return;
  }
  if (open !== null) yield [open, compared];
  if (gone) yield [limit, end];
}

/** Starts of the chunks below `limit` that `a` or `b` holds, ascending, each once. */
function chunkStarts(a: SparseFile, b: SparseFile, limit: number): number[] {
  const starts = new Set<number>();
  for (const c of a.chunksIn(0, limit)) starts.add(c.at);
  for (const c of b.chunksIn(0, limit)) starts.add(c.at);
  return [...starts].sort((x, y) => x - y);
}
