// struct iomap as the engine uses it (the IomapRec record), and the helpers the core needs.

import type { IomapRec, IomapTypeName } from '../trace/records.ts';

/** IOMAP_NULL_ADDR */
export const NULL_ADDR = -1;

export function makeIomap(
  type: IomapTypeName,
  offset: number,
  length: number,
  addr = NULL_ADDR,
  flags: readonly string[] = [],
): IomapRec {
  return { type, flags, offset, length, addr };
}

/** A zeroed struct iomap: type HOLE (v5.5 renumbered HOLE to 0, so a memset map is a hole). */
export const HOLE_MAP: IomapRec = makeIomap('HOLE', 0, 0);

/** iomap_sector(): the disk address of file position `pos` in `map`. */
export function iomapAddr(map: IomapRec, pos: number): number {
  return map.addr + (pos - map.offset);
}

export function describeMap(map: IomapRec): string {
  const flags = map.flags.length > 0 ? ` F_${map.flags.join('|F_')}` : '';
  const addr = map.addr === NULL_ADDR ? 'NULL_ADDR' : String(map.addr);
  return `${map.type}${flags} [${String(map.offset)}, +${String(map.length)}) addr ${addr}`;
}

/** iomap_iter_srcmap: the map a read of old data uses, the srcmap unless it is missing or a HOLE. */
export function iterSrcmap(maps: {
  readonly iomap: IomapRec;
  readonly srcmap: IomapRec | null;
}): IomapRec {
  return maps.srcmap !== null && maps.srcmap.type !== 'HOLE'
    ? maps.srcmap
    : maps.iomap;
}
