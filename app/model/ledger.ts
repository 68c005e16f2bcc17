// The per-write reservations ledger: what each operation reserved in bytes_may_use (data and metadata), what
// became of it (allocated at writeback, released, lost with a power cut), what it still holds at the cursor,
// and what it leaked. Pure; derived from the run's space_info records.
//
// bytes_may_use is not labelled by owner in btrfs, so decreases are matched to the oldest reservations first.
// That attribution is ours; the totals are the kernel's.

import { PG, type ReducedState, type SpaceRec, type StepEvent } from '@engine';
import type { SpacePoint } from './runIndex.ts';

export interface Pair {
  readonly data: number;
  readonly meta: number;
}

export interface LedgerRow {
  readonly op: number;
  readonly reserved: Pair;
  /** Turned into bytes_reserved by an allocation at writeback (the reservation was used as meant). */
  readonly allocated: Pair;
  readonly released: Pair;
  /** Gone with memory at a power cut (or an unmount): not returned, not leaked. */
  readonly dropped: Pair;
  readonly held: Pair;
}

export interface Ledger {
  readonly rows: readonly LedgerRow[];
  /**
   * Per operation, what it still held at the end of a run that ended quiescent (nothing delalloc, no
   * outstanding extents, no ordered extent, no dirty page or page under writeback): nothing can legitimately
   * hold a reservation then. null while the run is arriving or when it ends with work pending (`pending` says what).
   */
  readonly leaked: ReadonlyMap<number, Pair> | null;
  readonly pending: string | null;
  /**
   * Metadata bytes_may_use the delayed refs reserve still holds at the end of a quiescent run: migrated there
   * when the ordered extents finished, given back when the next commit runs the delayed refs. Not leaked.
   */
  readonly delayedRefs: number;
}

type Field = 'reserved' | 'allocated' | 'released' | 'dropped';
interface Account {
  op: number;
  left: number;
}
type Mutable = Record<Field, { data: number; meta: number }>;

function settle(kind: StepEvent['kind']): Exclude<Field, 'reserved'> {
  if (kind === 'btrfs.extent') return 'allocated';
  if (kind === 'fs.mount' || kind === 'power.cut') return 'dropped';
  return 'released';
}

/** Replays bytes_may_use up to `upTo` (inclusive), oldest reservation first. */
function replay(
  events: readonly StepEvent[],
  points: {
    readonly data: readonly SpacePoint[];
    readonly metadata: readonly SpacePoint[];
  },
  upTo: number,
): { rows: Map<number, Mutable>; open: { data: Account[]; meta: Account[] } } {
  const rows = new Map<number, Mutable>();
  const open = { data: [] as Account[], meta: [] as Account[] };
  const row = (op: number): Mutable => {
    let r = rows.get(op);
    if (r === undefined) {
      r = {
        reserved: { data: 0, meta: 0 },
        allocated: { data: 0, meta: 0 },
        released: { data: 0, meta: 0 },
        dropped: { data: 0, meta: 0 },
      };
      rows.set(op, r);
    }
    return r;
  };
  for (const [kind, list] of [
    ['data', points.data],
    ['meta', points.metadata],
  ] as const) {
    let prev: SpaceRec | undefined;
    const queue = open[kind];
    for (const p of list) {
      if (p.seq > upTo) break;
      const e = events[p.seq];
      const delta = prev === undefined ? 0 : p.rec.mayUse - prev.mayUse;
      prev = p.rec;
      if (e === undefined || e.op < 0 || delta === 0) continue;
      if (delta > 0) {
        row(e.op).reserved[kind] += delta;
        queue.push({ op: e.op, left: delta });
        continue;
      }
      let owed = -delta;
      const field = settle(e.kind);
      while (owed > 0 && queue.length > 0) {
        const head = queue[0] as Account;
        const take = Math.min(owed, head.left);
        row(head.op)[field][kind] += take;
        head.left -= take;
        owed -= take;
        if (head.left === 0) queue.shift();
      }
    }
  }
  return { rows, open };
}

/** Takes `bytes` out of the open accounts, oldest first (bytes a named reserve holds for queued work). */
function settleOldest(queue: Account[], bytes: number): void {
  let owed = bytes;
  while (owed > 0 && queue.length > 0) {
    const head = queue[0] as Account;
    const take = Math.min(owed, head.left);
    head.left -= take;
    owed -= take;
    if (head.left === 0) queue.shift();
  }
}

function heldBy(open: { data: Account[]; meta: Account[] }): Map<number, Pair> {
  const held = new Map<number, { data: number; meta: number }>();
  for (const kind of ['data', 'meta'] as const)
    for (const a of open[kind]) {
      const h = held.get(a.op) ?? { data: 0, meta: 0 };
      h[kind] += a.left;
      held.set(a.op, h);
    }
  return held;
}

/** What still needs a reservation in `state`, in words, or null when nothing does. */
export function pendingWork(state: ReducedState): string | null {
  const parts: string[] = [];
  let delalloc = 0;
  let outstanding = 0;
  for (const inode of state.tables.inode.values()) {
    delalloc += inode.delallocBytes;
    outstanding += inode.outstandingExtents;
  }
  if (delalloc > 0) parts.push(`${String(delalloc)} bytes still delalloc`);
  if (outstanding > 0)
    parts.push(`${String(outstanding)} outstanding extent(s)`);
  if (state.tables.ordered.size > 0)
    parts.push(
      `${String(state.tables.ordered.size)} ordered extent(s) in flight`,
    );
  let dirty = 0;
  for (const page of state.tables.page.values())
    if ((page.flags & (PG.dirty | PG.writeback)) !== 0) dirty++;
  if (dirty > 0)
    parts.push(`${String(dirty)} page(s) dirty or under writeback`);
  return parts.length === 0 ? null : parts.join(', ');
}

export function buildLedger(
  run: {
    readonly events: readonly StepEvent[];
    readonly index: {
      readonly space: {
        readonly data: readonly SpacePoint[];
        readonly metadata: readonly SpacePoint[];
      };
    };
    readonly complete: boolean;
    readonly timeline: { readonly latest: ReducedState };
  },
  cursor: number,
): Ledger {
  const now = replay(run.events, run.index.space, cursor);
  const heldNow = heldBy(now.open);
  const rows: LedgerRow[] = [...now.rows.entries()]
    .filter(([, r]) => r.reserved.data + r.reserved.meta > 0)
    .sort(([a], [b]) => a - b)
    .map(([op, r]) => ({
      op,
      ...r,
      held: heldNow.get(op) ?? { data: 0, meta: 0 },
    }));
  if (!run.complete)
    return { rows, leaked: null, pending: null, delayedRefs: 0 };
  const pending = pendingWork(run.timeline.latest);
  if (pending !== null) return { rows, leaked: null, pending, delayedRefs: 0 };
  const end = replay(run.events, run.index.space, run.events.length - 1);
  const delayedRefs =
    run.timeline.latest.tables.blockRsv.get('delayed_refs')?.reserved ?? 0;
  settleOldest(end.open.meta, delayedRefs);
  return { rows, leaked: heldBy(end.open), pending: null, delayedRefs };
}
