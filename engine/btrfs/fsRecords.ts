// The whole state of a filesystem as records, and the record changes that turn one such state into
// another. A mount (at setup, after a power cut, at remount) reports itself this way: as one step whose
// changes replace the old filesystem's records with the new one's, so stepping back over it restores them.

import { orderedRec } from './ordered.ts';
import type { Fs } from './fs.ts';
import type { RecordChange, TableName, TableTypes } from '../trace/records.ts';

export type FsRecords = {
  [T in TableName]?: Map<string, TableTypes[T]>;
};

export function fsRecords(fs: Fs): FsRecords {
  const page = new Map<string, TableTypes['page']>();
  const inode = new Map<string, TableTypes['inode']>();
  const fileExtent = new Map<string, TableTypes['fileExtent']>();
  const ioRange = new Map<string, TableTypes['ioRange']>();
  for (const entry of fs.inodes.values()) {
    const ino = String(entry.inode.ino);
    inode.set(ino, entry.inode.toRec());
    for (const p of entry.mapping.all())
      page.set(`${ino}:${String(p.index)}`, p.toRec());
    for (const e of entry.extents.all())
      fileExtent.set(`${ino}:${String(e.offset)}`, e);
    for (const r of entry.ioTree.toRecs())
      ioRange.set(`${ino}:${String(r.start)}`, r);
  }
  return {
    fs: new Map([['fs', fs.toRec()]]),
    page,
    inode,
    fileExtent,
    extentItem: new Map(fs.extentTree.all().map((x) => [String(x.bytenr), x])),
    ioRange,
    ordered: new Map(
      [...fs.ordered.values()].map((o) => [String(o.id), orderedRec(o)]),
    ),
    space: new Map([
      ['data', fs.data.toRec()],
      ['metadata', fs.meta.toRec()],
      ['system', fs.system.toRec()],
    ]),
    blockGroup: new Map(
      fs.space.chunks
        .all()
        .map((c) => [String(c.start), fs.space.groupAt(c.start).toRec()]),
    ),
    device: new Map([['device', fs.space.chunks.toRec()]]),
    ticket: new Map(),
    flush: new Map(),
    blockRsv: new Map([
      ['global', fs.globalRsv.toRec()],
      ['delayed_refs', fs.delayedRefsRsv.toRec()],
    ]),
  };
}

/** The changes that turn the `from` records into the `to` records (tables absent from both are left alone). */
export function diffRecords(from: FsRecords, to: FsRecords): RecordChange[] {
  const changes: RecordChange[] = [];
  const tables = new Set([
    ...Object.keys(from),
    ...Object.keys(to),
  ]) as Set<TableName>;
  for (const table of tables) {
    const a = (from[table] ?? new Map()) as Map<string, unknown>;
    const b = (to[table] ?? new Map()) as Map<string, unknown>;
    for (const [key, before] of a) {
      const after = b.get(key) ?? null;
      // A record gone from `to` compares as null: a record is never null.
      if (JSON.stringify(after) !== JSON.stringify(before))
        changes.push({ table, key, before, after } as RecordChange);
    }
    for (const [key, after] of b)
      if (!a.has(key))
        changes.push({ table, key, before: null, after } as RecordChange);
  }
  return changes;
}
