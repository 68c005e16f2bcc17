// Claims checked against the engine: each claim kind evaluated over the reduced state at a checkpoint
// (with the state right after setup as the baseline for changes), and described in words for the UI.
// Pure: runs in Node (the unit test) and in the page alike.

import {
  EXTENT,
  PG,
  shortSize,
  type InodeRec,
  type ReducedState,
  type XfsExtentRec,
} from '@engine';
import { fileInode } from '../panels/pageModel.ts';
import { deviceSegments, unallocatedBytes } from '../panels/spaceModel.ts';
import type { Claim, Comparison } from './types.ts';

export interface ClaimContext {
  readonly state: ReducedState;
  /** The state after setup (seq 0): what `change` claims compare with. */
  readonly start: ReducedState;
}

function inodeOf(state: ReducedState, file: string): InodeRec | undefined {
  for (const rec of state.tables.inode.values())
    if (rec.name === file) return rec;
  return undefined;
}

function compare(actual: number, cmp: Comparison, value: number): boolean {
  if (cmp === 'eq') return actual === value;
  if (cmp === 'gt') return actual > value;
  return actual < value;
}

function latest<T extends { readonly op: number }>(
  table: ReadonlyMap<string, T>,
): T | undefined {
  let best: T | undefined;
  for (const rec of table.values())
    if (best === undefined || rec.op > best.op) best = rec;
  return best;
}

function extentName(state: ReducedState, bytenr: number): string | undefined {
  for (const item of state.tables.extentItem.values())
    if (bytenr >= item.bytenr && bytenr < item.bytenr + item.numBytes)
      return item.name;
  return undefined;
}

/** The io-tree bits covering each byte of [start, end), as the AND and the OR over the range. */
function bitsOver(
  state: ReducedState,
  ino: number,
  start: number,
  end: number,
): { all: number; any: number } {
  let covered = 0;
  let all = ~0;
  let any = 0;
  for (const r of state.tables.ioRange.values()) {
    if (r.ino !== ino || r.end <= start || r.start >= end) continue;
    covered += Math.min(r.end, end) - Math.max(r.start, start);
    all &= r.bits;
    any |= r.bits;
  }
  return { all: covered >= end - start ? all : 0, any };
}

function bitMask(names: readonly (keyof typeof EXTENT)[]): number {
  return names.reduce((m, n) => m | EXTENT[n], 0);
}

function pageMask(names: readonly (keyof typeof PG)[]): number {
  return names.reduce((m, n) => m | PG[n], 0);
}

/** Whether `claim` holds in `ctx.state`. */
export function claimHolds(claim: Claim, ctx: ClaimContext): boolean {
  const { state, start } = ctx;
  switch (claim.kind) {
    case 'page': {
      const inode = fileInode(state.tables, claim.file);
      if (inode === undefined) return false;
      const page = state.tables.page.get(
        `${String(inode.ino)}:${String(claim.index)}`,
      );
      if (claim.cached !== undefined && claim.cached !== (page !== undefined))
        return false;
      if (page === undefined) return claim.cached === false;
      const set = pageMask(claim.set ?? []);
      const clear = pageMask(claim.clear ?? []);
      return (
        (page.flags & set) === set &&
        (page.flags & clear) === 0 &&
        (claim.uptodate === undefined || page.uptodate === claim.uptodate) &&
        (claim.dirty === undefined || page.dirty === claim.dirty)
      );
    }
    case 'space': {
      const now = state.tables.space.get(claim.space);
      const then = start.tables.space.get(claim.space);
      if (now === undefined || then === undefined) return false;
      return now[claim.field] - then[claim.field] === claim.change;
    }
    case 'bits': {
      const inode = inodeOf(state, claim.file);
      if (inode === undefined) return false;
      const { all, any } = bitsOver(state, inode.ino, claim.start, claim.end);
      const set = bitMask(claim.set ?? []);
      return (all & set) === set && (any & bitMask(claim.clear ?? [])) === 0;
    }
    case 'iomap': {
      const iter = state.tables.iter.get('current');
      if (iter === undefined || iter.iomap.type !== claim.type) return false;
      if (!(claim.flags ?? []).every((f) => iter.iomap.flags.includes(f)))
        return false;
      if (claim.srcmap === undefined) return true;
      return claim.srcmap === 'none'
        ? iter.srcmap === null
        : iter.srcmap?.type === claim.srcmap;
    }
    case 'mapping': {
      const inode = inodeOf(state, claim.file);
      if (inode === undefined) return false;
      for (const fe of state.tables.fileExtent.values()) {
        if (
          fe.ino !== inode.ino ||
          claim.offset < fe.offset ||
          claim.offset >= fe.offset + fe.numBytes
        )
          continue;
        const name = extentName(state, fe.diskBytenr);
        return (
          name === claim.extent &&
          (claim.type === undefined || fe.type === claim.type)
        );
      }
      return claim.extent === 'none';
    }
    case 'refs': {
      for (const item of state.tables.extentItem.values())
        if (item.name === claim.extent) return item.refs === claim.refs;
      return claim.refs === 0;
    }
    case 'ordered': {
      const inode = inodeOf(state, claim.file);
      if (inode === undefined) return false;
      let n = 0;
      for (const oe of state.tables.ordered.values())
        if (
          oe.ino === inode.ino &&
          (claim.type === undefined || oe.type === claim.type) &&
          (claim.state === undefined || oe.state === claim.state)
        )
          n++;
      return n === claim.count;
    }
    case 'inode': {
      const inode = inodeOf(state, claim.file);
      return (
        inode !== undefined &&
        compare(inode[claim.field], claim.cmp, claim.value)
      );
    }
    case 'counter': {
      const counters = latest(state.tables.counters);
      return (
        counters !== undefined &&
        compare(counters[claim.field], claim.cmp, claim.value)
      );
    }
    case 'oracle':
      return latest(state.tables.opResult)?.oracleOk === claim.ok;
    case 'result': {
      const result = latest(state.tables.opResult);
      return result !== undefined && result.errno === claim.errno;
    }
    case 'stack':
      return state.stack.includes(claim.fn);
    case 'commits': {
      const now = state.tables.fs.get('fs')?.generation;
      const then = start.tables.fs.get('fs')?.generation;
      return (
        now !== undefined && then !== undefined && now - then === claim.change
      );
    }
    case 'chunks':
      return (
        [...state.tables.blockGroup.values()].filter(
          (g) => g.type === claim.type,
        ).length === claim.count
      );
    case 'tickets':
      return (
        [...state.tables.ticket.values()].filter((t) => t.space === claim.space)
          .length === claim.count
      );
    case 'flush':
      return (
        (state.tables.flush.get(claim.space)?.state ?? null) === claim.state
      );
    case 'unallocated': {
      const device = state.tables.device.get('device');
      return (
        device !== undefined &&
        unallocatedBytes(
          deviceSegments(device, [...state.tables.blockGroup.values()]),
        ) === claim.bytes
      );
    }
    case 'xfsFork':
      return (xfsExtentAt(state, claim)?.state ?? 'none') === claim.state;
    case 'xfsSpace': {
      const now = state.tables.xfsSpace.get('sb');
      const then = start.tables.xfsSpace.get('sb');
      return (
        now !== undefined &&
        then !== undefined &&
        now[claim.field] - then[claim.field] === claim.change
      );
    }
    case 'xfsShared': {
      const e = xfsExtentAt(state, { ...claim, fork: 'data' });
      if (e === undefined || e.startblock < 0) return false;
      const bs = state.tables.xfsSpace.get('sb')?.blockSize ?? 4096;
      const block = e.startblock + Math.floor(claim.offset / bs) - e.startoff;
      const shared = [...state.tables.xfsRefcount.values()].some(
        (r) => block >= r.startblock && block < r.startblock + r.blockcount,
      );
      return shared === claim.shared;
    }
    case 'all':
      return claim.of.every((c) => claimHolds(c, ctx));
  }
}

/** The XFS extent of `file`'s `fork` that holds byte `offset`, if any. */
function xfsExtentAt(
  state: ReducedState,
  at: {
    readonly file: string;
    readonly fork: 'data' | 'cow';
    readonly offset: number;
  },
): XfsExtentRec | undefined {
  const ino = [...state.tables.xfsInode.values()].find(
    (i) => i.name === at.file,
  )?.ino;
  const bs = state.tables.xfsSpace.get('sb')?.blockSize ?? 4096;
  const block = Math.floor(at.offset / bs);
  return [...state.tables.xfsExtent.values()].find(
    (e) =>
      e.ino === ino &&
      e.fork === at.fork &&
      block >= e.startoff &&
      block < e.startoff + e.blockcount,
  );
}

const CMP_WORDS: Record<Comparison, string> = {
  eq: 'is',
  gt: 'is more than',
  lt: 'is less than',
};

const SPACE_WORDS = {
  used: 'bytes_used',
  reserved: 'bytes_reserved',
  pinned: 'bytes_pinned',
  mayUse: 'bytes_may_use',
} as const;

const INODE_WORDS = {
  isize: 'i_size',
  diskIsize: 'disk_i_size',
  nbytes: 'st_blocks (bytes)',
  outstandingExtents: 'outstanding_extents',
  delallocBytes: 'delalloc_bytes',
  newDelallocBytes: 'new_delalloc_bytes',
} as const;

function change(n: number): string {
  if (n === 0) return 'unchanged since the start';
  return `${n > 0 ? '+' : '−'}${shortSize(Math.abs(n))} since the start`;
}

function list(names: readonly string[]): string {
  return names.join('|');
}

function valueWords(field: string, value: number): string {
  return /bytes|size|Bytes|Isize|isize/.test(field)
    ? shortSize(value)
    : String(value);
}

/** The claim in words: what the checkpoint asserts (and what its check shows). */
export function describeClaim(claim: Claim): string {
  switch (claim.kind) {
    case 'page': {
      const where = `${claim.file} page ${String(claim.index)}`;
      if (claim.cached === false) return `${where} is not in the page cache`;
      const parts: string[] = [];
      if (claim.set !== undefined && claim.set.length > 0)
        parts.push(`has ${list(claim.set)}`);
      if (claim.clear !== undefined && claim.clear.length > 0)
        parts.push(`not ${list(claim.clear)}`);
      if (claim.uptodate !== undefined)
        parts.push(`block uptodate bits ${claim.uptodate}`);
      if (claim.dirty !== undefined)
        parts.push(`block dirty bits ${claim.dirty}`);
      return parts.length === 0
        ? `${where} is in the page cache`
        : `${where}: ${parts.join(', ')}`;
    }
    case 'space':
      return `${claim.space} ${SPACE_WORDS[claim.field]} ${change(claim.change)}`;
    case 'bits': {
      const range = `[${shortSize(claim.start)}, ${shortSize(claim.end)})`;
      const parts: string[] = [];
      if (claim.set !== undefined && claim.set.length > 0)
        parts.push(`has ${list(claim.set)}`);
      if (claim.clear !== undefined && claim.clear.length > 0)
        parts.push(`has no ${list(claim.clear)}`);
      return `io tree ${claim.file} ${range} ${parts.join(' and ')}`;
    }
    case 'iomap': {
      const flags =
        claim.flags !== undefined && claim.flags.length > 0
          ? ` with ${claim.flags.map((f) => `IOMAP_F_${f}`).join('|')}`
          : '';
      const src =
        claim.srcmap === undefined
          ? ''
          : claim.srcmap === 'none'
            ? ', no srcmap'
            : `, srcmap ${claim.srcmap}`;
      return `iomap ${claim.type}${flags}${src}`;
    }
    case 'mapping':
      return claim.extent === 'none'
        ? `${claim.file} offset ${shortSize(claim.offset)} is a hole`
        : `${claim.file} offset ${shortSize(claim.offset)} maps to ${claim.type === undefined ? '' : `a ${claim.type} item in `}extent ${claim.extent}`;
    case 'refs':
      return claim.refs === 0
        ? `extent ${claim.extent} is no longer allocated`
        : `extent ${claim.extent} has ${String(claim.refs)} reference${claim.refs === 1 ? '' : 's'}`;
    case 'ordered': {
      const what = [claim.type, claim.state === undefined ? '' : claim.state]
        .filter((w) => w !== undefined && w !== '')
        .join(' ');
      return `${claim.file} has ${String(claim.count)} ${what === '' ? '' : `${what} `}ordered extent${claim.count === 1 ? '' : 's'}`;
    }
    case 'inode':
      return `${claim.file} ${INODE_WORDS[claim.field]} ${CMP_WORDS[claim.cmp]} ${valueWords(claim.field, claim.value)}`;
    case 'counter':
      return `this operation's ${claim.field} ${CMP_WORDS[claim.cmp]} ${valueWords(claim.field, claim.value)}`;
    case 'oracle':
      return claim.ok
        ? 'the data oracle agrees: every file reads back what was written'
        : 'the data oracle reports data loss';
    case 'result':
      return claim.errno === null
        ? 'the last operation succeeded'
        : `the last operation failed with ${claim.errno}`;
    case 'stack':
      return `${claim.fn} is on the call stack`;
    case 'commits':
      return `${String(claim.change)} transaction commit${claim.change === 1 ? '' : 's'} since the start`;
    case 'chunks':
      return `${String(claim.count)} ${claim.type} block group${claim.count === 1 ? '' : 's'}`;
    case 'tickets':
      return claim.count === 0
        ? `no ${claim.space} reservation waits in a ticket`
        : `${String(claim.count)} ${claim.space} ticket${claim.count === 1 ? '' : 's'} waiting`;
    case 'flush':
      return claim.state === null
        ? `the ${claim.space} reclaim worker is idle`
        : `the ${claim.space} reclaim worker runs ${claim.state}`;
    case 'unallocated':
      return `${shortSize(claim.bytes)} of the device is unallocated`;
    case 'xfsFork':
      return claim.state === 'none'
        ? `${claim.file}'s ${claim.fork === 'cow' ? 'COW' : 'data'} fork has no extent at ${shortSize(claim.offset)}`
        : `${claim.file}'s ${claim.fork === 'cow' ? 'COW' : 'data'} fork holds a ${claim.state} extent at ${shortSize(claim.offset)}`;
    case 'xfsSpace':
      return `${claim.field === 'fdblocks' ? 'm_fdblocks' : 'm_delalloc_blks'} changed by ${claim.change > 0 ? '+' : ''}${String(claim.change)} blocks since the start`;
    case 'xfsShared':
      return `the disk block under ${claim.file} at ${shortSize(claim.offset)} is ${claim.shared ? 'shared (refcount above one)' : "the file's alone"}`;
    case 'all':
      return claim.of.map(describeClaim).join(', and ');
  }
}
