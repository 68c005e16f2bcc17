// iomap_block_needs_zeroing as merged in v5.5: a partly written block is read from its source map only when
// that map is MAPPED, not F_NEW and the block starts below i_size; otherwise it is zeroed. Rule: the
// iomap core's own rule, shared by every filesystem and design that hands the core a source map.

import type { IomapRec } from '../trace/records.ts';
import { iomapAddr } from './iomap.ts';
import type { SourcePolicy } from './writeBegin.ts';

/** The v5.5 rule of iomap_block_needs_zeroing on the chosen source map. */
export function v55Source(
  isize: number,
  map: IomapRec,
  what: string,
): SourcePolicy {
  return (start) => {
    if (map.type !== 'MAPPED')
      return {
        action: 'zero',
        why: `the ${what} is ${map.type}, not MAPPED: there is no old data to read`,
      };
    if (map.flags.includes('NEW'))
      return {
        action: 'zero',
        why: `the ${what} is F_NEW: newly allocated space holds no data`,
      };
    if (start >= isize)
      return { action: 'zero', why: 'the block starts at or past i_size' };
    return {
      action: 'read',
      bytenr: iomapAddr(map, start),
      why: `the ${what} is MAPPED below i_size: read the old data`,
    };
  };
}
