// The inode's file_extent_tree (btrfs, 5.9+): which file ranges are accounted for on disk — by a file
// extent item, or as a hole the filesystem made on purpose (mount, truncate growth, a write or fallocate
// past EOF). disk_i_size may only cover the contiguous accounted range from offset 0, so a crash never
// shows an i_size whose bytes were still on their way to disk. Bookkeeping only: it is not traced.

export class FileExtentCoverage {
  /** Disjoint, sorted, merged [start, end) ranges. */
  private ranges: [number, number][] = [];

  set(start: number, end: number): void {
    if (end <= start) return;
    let s = start;
    let e = end;
    const kept: [number, number][] = [];
    for (const [a, b] of this.ranges) {
      if (b < s || a > e) kept.push([a, b]);
      else {
        s = Math.min(s, a);
        e = Math.max(e, b);
      }
    }
    kept.push([s, e]);
    this.ranges = kept.sort((x, y) => x[0] - y[0]);
  }

  clear(start: number, end: number): void {
    const kept: [number, number][] = [];
    for (const [a, b] of this.ranges) {
      if (b <= start || a >= end) kept.push([a, b]);
      else {
        if (a < start) kept.push([a, start]);
        if (b > end) kept.push([end, b]);
      }
    }
    this.ranges = kept;
  }

  /** The end of the accounted range that starts at offset 0 (0 when offset 0 is not accounted for). */
  contiguousEnd(): number {
    const first = this.ranges[0];
    return first !== undefined && first[0] === 0 ? first[1] : 0;
  }
}
