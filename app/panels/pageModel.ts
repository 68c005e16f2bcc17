// What the page-cache views draw: the file's page slots, its cached pages, the current operation's byte
// range, and what the step at the cursor does to a page (copy, zero, read, flag change).

import type { PageRec, StepEvent, Tables } from '@engine';
import type { Run, StepView } from '../client/runRegistry.ts';

export interface PageAction {
  readonly index: number;
  readonly kind: 'copy' | 'zero' | 'read' | 'flags' | 'lookup';
  /** Byte ranges within the page. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly label: string;
}

export interface FileView {
  readonly name: string;
  readonly ino: number;
  readonly isize: number;
  readonly pageSize: number;
  readonly sectorSize: number;
  /** Page slots on the file axis. */
  readonly slots: number;
  readonly pages: ReadonlyMap<number, PageRec>;
  /** The current operation's byte range in this file, if it has one. */
  readonly opRange: readonly [number, number] | null;
  readonly action: PageAction | null;
}

export function fileNames(run: Run): string[] {
  return run.scenario.files.map((f) => f.name);
}

// Not an exhaustive switch on purpose: only these kinds act on one page.
function actionOf(e: StepEvent | undefined, ino: number): PageAction | null {
  if (e === undefined) return null;
  if (e.kind === 'page.copy' && e.ino === ino)
    return {
      index: e.index,
      kind: 'copy',
      ranges: [[e.from, e.from + e.copied]],
      label: `copy ${String(e.copied)}B`,
    };
  if (e.kind === 'page.zero' && e.ino === ino)
    return { index: e.index, kind: 'zero', ranges: e.ranges, label: 'zero' };
  if (e.kind === 'page.read' && e.ino === ino)
    return {
      index: e.index,
      kind: 'read',
      ranges: [[e.from, e.from + e.length]],
      label: e.bytenr < 0 ? 'read zeros' : 'read disk',
    };
  if (e.kind === 'page.flags' && e.ino === ino)
    return { index: e.index, kind: 'flags', ranges: [], label: 'flags' };
  if (e.kind === 'pagecache.lookup' && e.ino === ino)
    return {
      index: e.index,
      kind: 'lookup',
      ranges: [],
      label: e.hit ? 'lookup: hit' : 'lookup: miss',
    };
  return null;
}

/** The byte range an operation spec names, when it names one (read and write do; others may). */
export function specRange(spec: unknown): readonly [number, number] | null {
  if (typeof spec !== 'object' || spec === null) return null;
  const s = spec as Record<string, unknown>;
  return typeof s.offset === 'number' && typeof s.length === 'number'
    ? [s.offset, s.offset + s.length]
    : null;
}

/** The file's inode number and i_size: btrfs's inode record, or XFS's. */
export function fileInode(
  tables: Tables,
  name: string,
): { readonly ino: number; readonly isize: number } | undefined {
  const find = <R extends { readonly name: string }>(
    recs: Iterable<R>,
  ): R | undefined => [...recs].find((i) => i.name === name);
  return find(tables.inode.values()) ?? find(tables.xfsInode.values());
}

export function fileView(
  run: Run,
  view: StepView,
  name: string,
): FileView | null {
  const inode = fileInode(view.state.tables, name);
  if (inode === undefined) return null;
  const ps = run.scenario.geometry.pageSize;
  const pages = new Map<number, PageRec>();
  let last = -1;
  for (const p of view.state.tables.page.values())
    if (p.ino === inode.ino) {
      pages.set(p.index, p);
      last = Math.max(last, p.index);
    }
  const end = Math.max(inode.isize, run.index.maxFileEnd, (last + 1) * ps, 1);
  const op = view.event?.op ?? -1;
  const start = op >= 0 ? run.events[run.index.opStarts[op] ?? -1] : undefined;
  let opRange: readonly [number, number] | null = null;
  if (start?.kind === 'op.start') {
    const spec = start.opSpec as unknown as Record<string, unknown>;
    if (spec.file === undefined || spec.file === name)
      opRange = specRange(spec);
  }
  return {
    name,
    ino: inode.ino,
    isize: inode.isize,
    pageSize: ps,
    sectorSize: run.scenario.geometry.sectorSize,
    slots: Math.ceil(end / ps),
    pages,
    opRange,
    action: actionOf(view.event, inode.ino),
  };
}
