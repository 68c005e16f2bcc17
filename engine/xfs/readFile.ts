// What a read(2) of an XFS file returns: the page cache where a page is cached, else the disk through the
// data fork. Rule: holes, delalloc blocks with no page and unwritten extents read as zeros; nothing past
// i_size is returned.

import { lookupMapping } from './forkExtents.ts';
import type { XfsFile, XfsFs } from './fs.ts';

/** Bytes [offset, offset+length) of `file`, clipped at i_size. */
export function xfsReadRange(
  fs: XfsFs,
  file: XfsFile,
  offset: number,
  length: number,
): Uint8Array {
  const ip = file.inode;
  const end = Math.min(offset + length, ip.isize);
  const out = new Uint8Array(Math.max(0, end - offset));
  const bs = ip.blockSize;
  const ps = file.mapping.pageSize;
  for (let pos = offset; pos < end;) {
    const page = file.mapping.find(Math.floor(pos / ps));
    const pageEnd = Math.min((Math.floor(pos / ps) + 1) * ps, end);
    if (page !== undefined) {
      out.set(
        page.data.subarray(pos % ps, (pos % ps) + pageEnd - pos),
        pos - offset,
      );
      pos = pageEnd;
      continue;
    }
    const b = Math.floor(pos / bs);
    const m = lookupMapping(ip.dataFork, b, b + 1);
    const blockEnd = Math.min((b + 1) * bs, end);
    if (m.state === 'written')
      fs.device.read(
        m.startblock * bs + (pos - b * bs),
        out.subarray(pos - offset, blockEnd - offset),
      );
    pos = blockEnd;
  }
  return out;
}
