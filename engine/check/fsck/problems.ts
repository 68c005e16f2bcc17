// The checker's vocabulary: stable problem codes, the report shape, and small helpers shared by the check
// families (range arithmetic over [start, end) pairs, inode labels). Pure; never mutates the Fs.

import type { FsInode } from '../../btrfs/fs.ts';

/** Every problem code the checker can report. Codes are stable: tests and the UI match on them. */
export type FsckCode =
  // file extent items (the fs tree)
  | 'file-extent-unaligned'
  | 'file-extent-bounds'
  | 'file-extents-overlap'
  | 'file-extent-dangling'
  | 'file-extent-disk-size'
  | 'inode-nbytes'
  | 'disk-isize'
  // extent tree and the data block group
  | 'extent-refs'
  | 'extent-unaligned'
  | 'block-group-bounds'
  | 'block-group-overlap'
  | 'block-group-used'
  | 'block-group-reserved'
  | 'block-group-pinned'
  | 'block-group-size'
  | 'space-negative'
  | 'space-over-total'
  // reservations and the io tree's delalloc accounting
  | 'data-may-use'
  | 'meta-may-use'
  | 'delalloc-accounting'
  | 'delalloc-new-over-extent'
  | 'outstanding-extents'
  | 'csum-bytes'
  | 'meta-rsv'
  // checksums
  | 'csum-missing'
  | 'csum-orphan'
  | 'csum-unaligned'
  | 'csum-mismatch'
  // ordered extents, bios and page state
  | 'ordered-extent'
  | 'ordered-overlap'
  | 'ordered-state'
  | 'reserved-without-ordered'
  | 'page-dirty'
  | 'dirty-without-delalloc'
  | 'delalloc-without-dirty'
  | 'page-writeback'
  | 'page-ordered'
  // quiescent only
  | 'ordered-left'
  | 'bio-inflight'
  | 'locked-range'
  | 'delalloc-left'
  | 'locked-page'
  | 'writeback-page'
  | 'dirty-page'
  | 'leaked-may-use'
  | 'leaked-reserved'
  | 'leaked-meta-rsv'
  | 'leaked-pinned';

export interface FsckProblem {
  readonly code: FsckCode;
  /** Names the inode/offset/bytenr and gives the expected and the actual numbers. */
  readonly message: string;
}

export interface FsckReport {
  readonly ok: boolean;
  readonly problems: readonly FsckProblem[];
}

export interface FsckOptions {
  /** The caller guarantees that writeback and completion of everything ran and no I/O is in flight. */
  readonly quiescent: boolean;
  /** With quiescent: a transaction commit ran since the last free, so nothing may stay pinned. */
  readonly committed?: boolean;
  /**
   * Also read every sector that has a csum and compare (btrfs check --check-data-csum): off by default, as
   * there, since it reads all the data.
   */
  readonly dataCsums?: boolean;
}

/** Where a family of checks reports what it finds. */
export type Report = (code: FsckCode, message: string) => void;

/** A half-open byte range. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** "inode 257 (F)". */
export function inodeLabel(entry: FsInode): string {
  return `inode ${String(entry.inode.ino)} (${entry.inode.name})`;
}

/** "[4096, 8192)". */
export function spanLabel(s: Span): string {
  return `[${String(s.start)}, ${String(s.end)})`;
}

export function spanBytes(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + s.end - s.start, 0);
}

/** Sorted, merged union of `spans` (adjacent spans join). */
export function union(spans: readonly Span[]): Span[] {
  const out: { start: number; end: number }[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.end <= s.start) continue;
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end)
      last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The parts of `spans` not covered by `cover`: one pass over both, sorted and merged. */
export function subtract(
  spans: readonly Span[],
  cover: readonly Span[],
): Span[] {
  const c = union(cover);
  const out: Span[] = [];
  let first = 0;
  for (const s of union(spans)) {
    let cursor = s.start;
    // Spans come in order, so a cover span ending before this one ends before every later one too.
    while (first < c.length && (c[first] as Span).end <= cursor) first++;
    for (let j = first; j < c.length; j++) {
      const k = c[j] as Span;
      if (k.start >= s.end) break;
      if (k.start > cursor) out.push({ start: cursor, end: k.start });
      cursor = Math.max(cursor, k.end);
    }
    if (cursor < s.end) out.push({ start: cursor, end: s.end });
  }
  return out;
}

/** The parts of `spans` that `cover` also covers. */
export function intersect(
  spans: readonly Span[],
  cover: readonly Span[],
): Span[] {
  return subtract(spans, subtract(spans, cover));
}

/** "[0, 4096), [8192, 12288)" for messages; at most `max` spans, then a count. */
export function spansLabel(spans: readonly Span[], max = 4): string {
  const shown = spans.slice(0, max).map(spanLabel).join(', ');
  return spans.length > max
    ? `${shown} and ${String(spans.length - max)} more`
    : shown;
}

/** Pairs of overlapping spans in a list (each pair once), for overlap reports. */
export function overlaps<T extends Span>(items: readonly T[]): [T, T][] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const out: [T, T][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as T;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as T;
      if (b.start >= a.end) break;
      out.push([a, b]);
    }
  }
  return out;
}
