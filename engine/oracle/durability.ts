// The durability oracle: which bytes of each file the filesystem has promised to keep across a power cut.
// fsync (one file) and sync (every file) promise the file's whole content at that moment; a later change
// to a byte (write, truncate, punch, clone onto it, ...) withdraws the promise for that byte, since the
// crash may land before or after the change. After a power cut and remount, every byte still promised must
// read back exactly; anything else is a lost fsync'ed byte. Sparse: memory follows the promised data.

import { differences } from './sparseDiff.ts';
import type { SparseFile } from './sparseFile.ts';

export interface DurabilityVerdict {
  /** Promised bytes that did not survive. */
  readonly lostBytes: number;
  readonly mismatches: readonly string[];
}

/** What ended the file's last mount: a power cut, or a clean unmount (which wrote everything back). */
export type RemountKind = 'power-cut' | 'remount';

interface Promised {
  /** The content at the promise (a snapshot sharing the oracle's chunks until they change). */
  readonly content: SparseFile;
  /** Ranges [start, end) whose promise was withdrawn, sorted and disjoint. */
  withdrawn: [number, number][];
}

export class DurabilityModel {
  private readonly files = new Map<string, Promised>();

  /** fsync/sync returned: every byte of `content` is durable now. */
  persist(name: string, content: SparseFile): void {
    this.files.set(name, { content: content.snapshot(), withdrawn: [] });
  }

  /** Bytes [start, end) changed since: the crash may show either version. */
  changed(name: string, start: number, end: number): void {
    const p = this.files.get(name);
    if (p === undefined) return;
    const s = Math.max(0, start);
    const e = Math.min(end, p.content.size);
    if (s >= e) return;
    p.withdrawn = addRange(p.withdrawn, s, e);
  }

  /** The size changed to `size`: promised bytes past it may be gone after a crash. */
  resized(name: string, size: number): void {
    this.changed(name, size, Number.MAX_SAFE_INTEGER);
  }

  /** Compares what a file reads after the remount with what was promised. */
  verify(
    name: string,
    actual: SparseFile,
    kind: RemountKind = 'power-cut',
  ): DurabilityVerdict {
    const p = this.files.get(name);
    if (p === undefined) return { lostBytes: 0, mismatches: [] };
    const across =
      kind === 'power-cut'
        ? 'across the power cut'
        : 'across the unmount and mount';
    let lostBytes = 0;
    const mismatches: string[] = [];
    for (const [i0, j0] of differences(
      p.content,
      actual,
      p.content.size,
      'differs',
    ))
      for (const [i, j] of subtract(i0, j0, p.withdrawn)) {
        lostBytes += j - i;
        if (mismatches.length < 5)
          mismatches.push(
            i >= actual.size
              ? `${name}: fsync'ed bytes [${String(i)}, ${String(j)}) are gone: the file is only ${String(actual.size)} bytes after the remount`
              : `${name}: fsync'ed bytes [${String(i)}, ${String(j)}) changed ${across}`,
          );
      }
    return { lostBytes, mismatches };
  }
}

/** `ranges` with [s, e) added, merged with what it touches. */
function addRange(
  ranges: readonly [number, number][],
  s: number,
  e: number,
): [number, number][] {
  const out: [number, number][] = [];
  let start = s;
  let end = e;
  for (const [a, b] of ranges) {
    if (b < start || a > end) out.push([a, b]);
    else {
      start = Math.min(start, a);
      end = Math.max(end, b);
    }
  }
  out.push([start, end]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** The parts of [s, e) outside every range of `ranges` (sorted, disjoint). */
function subtract(
  s: number,
  e: number,
  ranges: readonly [number, number][],
): [number, number][] {
  const out: [number, number][] = [];
  let cursor = s;
  for (const [a, b] of ranges) {
    if (b <= cursor) continue;
    if (a >= e) break;
    if (a > cursor) out.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < e) out.push([cursor, e]);
  return out;
}
