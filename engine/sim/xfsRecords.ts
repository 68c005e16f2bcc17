// XFS's state as records (inodes, both forks' extents, free-space counters, refcount records) for the
// reducer and the app. Rule: the XFS model records none of its own state, so this recorder compares what
// it last reported with the model before every event and queues the difference: events stay the model's.

import type { RecordChange, TableName, TableTypes } from '../trace/records.ts';
import { Recorder } from '../trace/recorder.ts';
import type { ForkExtents } from '../xfs/forkExtents.ts';
import type { XfsFs } from '../xfs/fs.ts';

type Snapshot = { [T in XfsTable]: Map<string, TableTypes[T]> };
type XfsTable = 'xfsInode' | 'xfsExtent' | 'xfsSpace' | 'xfsRefcount';
const XFS_TABLES: readonly XfsTable[] = [
  'xfsInode',
  'xfsExtent',
  'xfsSpace',
  'xfsRefcount',
];

function emptySnapshot(): Snapshot {
  return {
    xfsInode: new Map(),
    xfsExtent: new Map(),
    xfsSpace: new Map(),
    xfsRefcount: new Map(),
  };
}

function forkRecords(
  ino: number,
  fork: 'data' | 'cow',
  extents: ForkExtents | null,
  into: Map<string, TableTypes['xfsExtent']>,
): void {
  for (const e of extents ?? [])
    into.set(`${String(ino)}:${fork}:${String(e.startoff)}`, {
      ino,
      fork,
      startoff: e.startoff,
      blockcount: e.blockcount,
      state: e.state,
      startblock: e.state === 'delalloc' ? -1 : e.startblock,
    });
}

/** Every XFS record of the filesystem now. */
export function xfsSnapshot(fs: XfsFs): Snapshot {
  const s = emptySnapshot();
  for (const file of fs.allFiles()) {
    const { inode } = file;
    s.xfsInode.set(String(inode.ino), {
      ino: inode.ino,
      name: file.name,
      isize: inode.isize,
      reflink: inode.reflink,
      delayedBlocks: inode.delayedBlocks,
      cowextszHint: inode.cowextszHint(),
    });
    forkRecords(inode.ino, 'data', inode.dataFork, s.xfsExtent);
    forkRecords(inode.ino, 'cow', inode.cowFork, s.xfsExtent);
  }
  s.xfsSpace.set('sb', {
    blockSize: fs.geo.blockSize,
    dblocks: fs.space.dblocks,
    fdblocks: fs.space.fdblocks,
    delallocBlocks: fs.space.delallocBlocks,
  });
  for (const r of fs.refcounts)
    s.xfsRefcount.set(String(r.startblock), { ...r });
  return s;
}

/** Records are flat (numbers, strings, booleans): equal when every field is. */
function sameRecord(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  return (
    keys.length === Object.keys(rb).length && keys.every((k) => ra[k] === rb[k])
  );
}

/** The changes that take table `t` from `before` to `after`. */
function diffTable<T extends TableName>(
  table: T,
  before: Map<string, TableTypes[T]>,
  after: Map<string, TableTypes[T]>,
): RecordChange[] {
  const out: RecordChange[] = [];
  for (const [key, rec] of before) {
    const now = after.get(key);
    if (now === undefined)
      out.push({ table, key, before: rec, after: null } as RecordChange);
    else if (!sameRecord(rec, now))
      out.push({ table, key, before: rec, after: now } as RecordChange);
  }
  for (const [key, rec] of after)
    if (!before.has(key))
      out.push({ table, key, before: null, after: rec } as RecordChange);
  return out;
}

/** A Recorder that reports an XfsFs's state as record changes, attached to the first event after each change. */
export class XfsStateRecorder extends Recorder {
  private fs: XfsFs | null = null;
  private shown: Snapshot = emptySnapshot();

  /** Starts reporting `fs` (from the next event on). */
  watch(fs: XfsFs): void {
    this.fs = fs;
  }

  protected override beforeEvent(): void {
    if (this.fs === null) return;
    const now = xfsSnapshot(this.fs);
    const changes = XFS_TABLES.flatMap((t) =>
      diffTable(
        t,
        this.shown[t] as Map<string, TableTypes[typeof t]>,
        now[t] as Map<string, TableTypes[typeof t]>,
      ),
    );
    this.shown = now;
    if (changes.length > 0) this.changeAll(changes);
  }
}
