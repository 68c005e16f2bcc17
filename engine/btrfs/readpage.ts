// Buffered reads: btrfs_readpage fills a page's non-uptodate blocks from the file's extents (zeros for
// holes, prealloc and past EOF) and verifies data checksums; a mismatch is EIO, never wrong bytes.

import { crc32c } from '../core/crc32c.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { shortSize } from '../core/units.ts';
import type { Page } from '../pagecache/page.ts';
import { PG } from '../trace/records.ts';
import type { Fs, FsInode } from './fs.ts';

/** Reads every non-uptodate block of `page` (the page is locked by the caller). */
export function readpage(fs: Fs, entry: FsInode, page: Page): Result<void> {
  return fs.rec.call(
    'btrfs_readpage',
    `read page ${String(page.index)} from disk`,
    () => {
      const bs = fs.geo.sectorSize;
      const pageStart = page.index * fs.geo.pageSize;
      for (let b = 0; b < page.blocks;) {
        if (page.uptodate[b] === 1) {
          b++;
          continue;
        }
        const start = pageStart + b * bs;
        fs.counters.add('mappingLookups');
        // Stryker disable next-line ArithmeticOperator: the length only bounds a hole's mapping, and the run below stops at the page's end whatever the hole's length
        const em = entry.extents.lookup(start, fs.geo.pageSize - b * bs);
        // One run: consecutive non-uptodate blocks inside the same mapping.
        let e = b + 1;
        while (
          e < page.blocks &&
          page.uptodate[e] !== 1 &&
          pageStart + e * bs < em.start + em.len
        )
          e++;
        const from = b * bs;
        const to = e * bs;
        if (start >= entry.inode.isize || em.kind !== 'regular') {
          page.data.fill(0, from, to);
          fs.rec.emit(
            'page.read',
            {
              ino: page.ino,
              index: page.index,
              from,
              length: to - from,
              bytenr: -1,
            },
            `${start >= entry.inode.isize ? 'past EOF' : em.kind === 'hole' ? 'a hole' : 'a prealloc extent'}: the blocks read as zeros, no I/O`,
          );
        } else {
          const bytenr = em.blockStart + (start - em.start);
          const buf = page.data.subarray(from, to);
          fs.disk.read(bytenr, buf);
          fs.counters.add('syncReads');
          fs.counters.add('bytesRead', to - from);
          fs.rec.advance(100);
          fs.rec.emit(
            'io.submit',
            { dir: 'read', bytenr, length: to - from },
            `read ${shortSize(to - from)} at disk ${String(bytenr)}`,
          );
          if (!entry.inode.nodatasum) {
            for (let s = 0; s < to - from; s += bs) {
              // A sector with no checksum fails like a mismatch: btrfs_lookup_bio_sums finds none and
              // leaves a zero csum, which the data cannot match (btrfs logs "no csum found"), so EIO.
              const want = fs.extentTree.csums.get(bytenr + s);
              if (want !== crc32c(buf.subarray(s, s + bs))) {
                page.data.fill(0, from, to);
                const what =
                  want === undefined ? 'no checksum' : 'checksum mismatch';
                fs.rec.emit(
                  'error',
                  {
                    errno: 'EIO',
                    message: `csum ${want === undefined ? 'missing' : 'mismatch'}`,
                  },
                  `${what} at file offset ${String(start + s)}, disk ${String(bytenr + s)}`,
                );
                return fail(
                  'EIO',
                  `${what} reading file offset ${String(start + s)} (disk address ${String(bytenr + s)})`,
                );
              }
            }
          }
          // The block holding i_size: what lies past EOF reads as zeros (stale bytes may sit on disk there).
          // The run starts below i_size (else it read as zeros above), so only its end can pass it; the fill
          // zeroes nothing when i_size is at or past the run's end.
          const eof = entry.inode.isize - pageStart;
          page.data.fill(0, eof, to);
          fs.rec.emit(
            'page.read',
            {
              ino: page.ino,
              index: page.index,
              from,
              length: to - from,
              bytenr,
            },
            eof < to
              ? 'the bytes arrive in the page (checksums verified); the part past i_size is zeroed'
              : 'the bytes arrive in the page (checksums verified)',
          );
        }
        entry.mapping.setRangeUptodate(page, from, to);
        b = e;
      }
      return ok(undefined);
    },
  );
}

/** A buffered read(2) of [pos, pos + len): returns the bytes, short at EOF. Populates the page cache. */
export function bufferedRead(
  fs: Fs,
  entry: FsInode,
  pos: number,
  len: number,
): Result<Uint8Array> {
  return fs.rec.call(
    'filemap_read',
    `read ${shortSize(len)} at ${shortSize(pos)}`,
    () => {
      const end = Math.min(pos + len, entry.inode.isize);
      const out = new Uint8Array(Math.max(0, end - pos));
      const ps = fs.geo.pageSize;
      for (let off = pos; off < end;) {
        const index = Math.floor(off / ps);
        const inPage = off - index * ps;
        const n = Math.min(ps - inPage, end - off);
        let page = entry.mapping.find(index);
        const cached =
          page !== undefined &&
          page.uptodate
            .subarray(...page.blockRange(inPage, inPage + n))
            .every((b) => b === 1);
        if (!cached) {
          page = entry.mapping.findOrCreateLocked(index);
          const r = readpage(fs, entry, page);
          entry.mapping.setFlags(
            page,
            0,
            PG.locked,
            'unlock the page after the read',
          );
          if (!r.ok) return fail(r.error.errno, r.error.message);
        }
        out.set((page as Page).data.subarray(inPage, inPage + n), off - pos);
        off += n;
      }
      return ok(out);
    },
  );
}
