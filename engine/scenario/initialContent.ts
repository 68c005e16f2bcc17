// What a scenario's files and disk extents hold before the first operation. A file's own bytes follow its
// fill rule at its file offsets; a disk extent named by several file extents (a clone, a reflink copy, a
// snapshot share) holds one set of bytes: those of its first reference in scenario order, and every later
// reference reads them back, as a clone does. Prealloc extents hold stale bytes that are never read as data.

import type { ExtentDef, FileDef, FillSpec, Scenario } from './types.ts';

/** What a prealloc extent holds on disk: stale bytes from a previous user, never to be read as data. */
export const STALE_BYTE = 0xee;

/** The default pattern's period in bytes (a prime, so it never lines up with blocks or pages). */
const PATTERN_PERIOD = 251;

/** The byte a file holds at `offset` under its fill rule. The default pattern is never zero. */
export function fillByte(fill: FillSpec, offset: number): number {
  return fill === 'pattern' ? (offset % PATTERN_PERIOD) + 1 : fill.byte;
}

/** Fills `out` with the bytes a file holds from `offset` on under its fill rule (fillByte, byte by byte). */
export function fillBytes(
  fill: FillSpec,
  offset: number,
  out: Uint8Array,
): void {
  if (fill !== 'pattern') {
    out.fill(fill.byte);
    return;
  }
  // The pattern repeats every 251 bytes: write one period, then double the copy until `out` is full.
  const period = Math.min(PATTERN_PERIOD, out.length);
  for (let i = 0; i < period; i++) out[i] = ((offset + i) % PATTERN_PERIOD) + 1;
  for (let done = period; done < out.length; done *= 2)
    out.copyWithin(done, 0, Math.min(done, out.length - done));
}

interface Reference {
  readonly file: FileDef;
  readonly ext: ExtentDef;
}

export class InitialContent {
  /** Every file extent naming each disk extent, in scenario order. */
  private readonly refs = new Map<string, Reference[]>();

  constructor(scenario: Scenario) {
    for (const file of scenario.files)
      for (const ext of file.extents) {
        const list = this.refs.get(ext.disk) ?? [];
        list.push({ file, ext });
        this.refs.set(ext.disk, list);
      }
  }

  /** The size of the named disk extent: far enough for every reference into it. */
  diskSize(disk: string): number {
    return Math.max(
      0,
      ...(this.refs.get(disk) ?? []).map(
        (r) => r.ext.diskOffset + r.ext.length,
      ),
    );
  }

  /** Fills `out` with the bytes of disk extent `disk` from `diskOffset` on. */
  readDisk(disk: string, diskOffset: number, out: Uint8Array): void {
    // Each byte belongs to the first reference that covers it; `todo` holds the ranges not yet filled.
    let todo: [number, number][] = [[diskOffset, diskOffset + out.length]];
    for (const { file, ext } of this.refs.get(disk) ?? []) {
      const r0 = ext.diskOffset;
      const r1 = ext.diskOffset + ext.length;
      const left: [number, number][] = [];
      for (const [a, b] of todo) {
        const s = Math.max(a, r0);
        const e = Math.min(b, r1);
        if (s >= e) {
          left.push([a, b]);
          continue;
        }
        const piece = out.subarray(s - diskOffset, e - diskOffset);
        if (ext.type === 'prealloc') piece.fill(STALE_BYTE);
        else fillBytes(file.fill, ext.offset + (s - r0), piece);
        if (a < s) left.push([a, s]);
        if (e < b) left.push([e, b]);
      }
      todo = left;
      if (todo.length === 0) return;
    }
  }

  /** Fills `out` with what a read of `file` returns from `offset` on (zeros in holes, prealloc and past EOF). */
  readFile(file: FileDef, offset: number, out: Uint8Array): void {
    out.fill(0);
    const end = Math.min(offset + out.length, file.size);
    for (const ext of file.extents) {
      if (ext.type !== 'regular') continue;
      const s = Math.max(offset, ext.offset);
      const e = Math.min(end, ext.offset + ext.length);
      if (s >= e) continue;
      this.readDisk(
        ext.disk,
        ext.diskOffset + (s - ext.offset),
        out.subarray(s - offset, e - offset),
      );
    }
  }
}
