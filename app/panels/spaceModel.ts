// The layout of the space view: the device's physical ranges (reserved, each chunk's stripes, free), the
// block groups of each type with their used/reserved/pinned bytes, the ticket queue and the reclaim
// worker's flush state. Pure: built from the reduced state's records, drawn by ReservationsPanel.

import {
  DATA_FLUSH_STATES,
  METADATA_FLUSH_STATES,
  shortSize,
  type BlockGroupRec,
  type BlockRsvRec,
  type DeviceRec,
  type FlushRec,
  type FlushStateName,
  type SpaceKind,
  type TicketRec,
} from '@engine';

export type DeviceKind = SpaceKind | 'reserved' | 'free';

/** One range of the device, in physical order. */
export interface DeviceSegment {
  readonly start: number;
  readonly length: number;
  readonly kind: DeviceKind;
  readonly label: string;
}

/** "DATA single", "METADATA DUP". */
export function chunkName(type: SpaceKind, profile: 'single' | 'dup'): string {
  return `${type.toUpperCase()} ${profile === 'dup' ? 'DUP' : 'single'}`;
}

/** The device from its start to its end: the reserved first MiB, every stripe, and the free ranges. */
export function deviceSegments(
  device: DeviceRec,
  groups: readonly BlockGroupRec[],
): DeviceSegment[] {
  const stripes = groups
    .flatMap((g) =>
      g.stripes.map((physical, i) => ({
        start: physical,
        length: g.length,
        kind: g.type,
        label: `${chunkName(g.type, g.profile)} ${shortSize(g.length)}${g.profile === 'dup' ? ` (copy ${String(i + 1)})` : ''}, logical ${shortSize(g.start)}`,
      })),
    )
    .sort((a, b) => a.start - b.start);
  const out: DeviceSegment[] = [];
  if (device.reserved > 0)
    out.push({
      start: 0,
      length: device.reserved,
      kind: 'reserved',
      label: `reserved ${shortSize(device.reserved)} (superblocks; never a chunk)`,
    });
  let cursor = device.reserved;
  const free = (end: number) => {
    if (end > cursor)
      out.push({
        start: cursor,
        length: end - cursor,
        kind: 'free',
        label: `unallocated ${shortSize(end - cursor)}`,
      });
  };
  for (const s of stripes) {
    free(s.start);
    out.push(s);
    cursor = Math.max(cursor, s.start + s.length);
  }
  free(device.total);
  return out;
}

/** Bytes of the device no chunk uses yet (beyond the reserved first MiB): what new chunks can take. */
export function unallocatedBytes(segments: readonly DeviceSegment[]): number {
  return segments
    .filter((s) => s.kind === 'free')
    .reduce((n, s) => n + s.length, 0);
}

export interface GroupBar {
  readonly start: number;
  readonly length: number;
  readonly used: number;
  readonly reserved: number;
  readonly pinned: number;
  readonly free: number;
  readonly label: string;
}

export interface GroupRow {
  readonly type: SpaceKind;
  readonly name: string;
  readonly total: number;
  readonly groups: readonly GroupBar[];
}

const TYPES: readonly SpaceKind[] = ['data', 'metadata', 'system'];

/** The block groups of each type (data, metadata, system), by logical address. */
export function groupRows(groups: readonly BlockGroupRec[]): GroupRow[] {
  return TYPES.flatMap((type) => {
    const of = groups
      .filter((g) => g.type === type)
      .sort((a, b) => a.start - b.start);
    const first = of[0];
    if (first === undefined) return [];
    return [
      {
        type,
        name: chunkName(type, first.profile),
        total: of.reduce((n, g) => n + g.length, 0),
        groups: of.map((g) => {
          const free = g.length - g.used - g.reserved - g.pinned;
          return {
            start: g.start,
            length: g.length,
            used: g.used,
            reserved: g.reserved,
            pinned: g.pinned,
            free,
            label: `${chunkName(g.type, g.profile)} block group at ${shortSize(g.start)}, ${shortSize(g.length)}: used ${shortSize(g.used)}, reserved ${shortSize(g.reserved)}, pinned ${shortSize(g.pinned)}, free ${shortSize(free)}`,
          };
        }),
      },
    ];
  });
}

export type StepStatus = 'running' | 'waiting';

/** The states a space's reclaim worker runs, in order, the one in progress marked. */
export function flushSteps(
  space: 'data' | 'metadata',
  flush: FlushRec | undefined,
): { readonly state: FlushStateName; readonly status: StepStatus }[] {
  const order: readonly FlushStateName[] =
    space === 'data'
      ? ['ALLOC_CHUNK_FORCE', ...DATA_FLUSH_STATES]
      : METADATA_FLUSH_STATES;
  return order.map((state, i) => ({
    state,
    // The data worker's chunk loop (first, cycle 0) and its last state share a name.
    status:
      flush?.state === state &&
      (space === 'metadata' || (i === 0) === (flush.cycle === 0))
        ? 'running'
        : 'waiting',
  }));
}

/** Tickets in queue order, per space, with what they wait for. */
export function ticketLines(tickets: readonly TicketRec[]): string[] {
  return [...tickets]
    .sort((a, b) => a.id - b.id)
    .map(
      (t) =>
        `ticket ${String(t.id)}: ${shortSize(t.bytes)} of ${t.space} space waits`,
    );
}

/** "global reserve 5.5M of 5.5M" for each block reserve, in a fixed order. */
export function reserveLines(rsvs: readonly BlockRsvRec[]): string[] {
  const order = ['global', 'delayed_refs'] as const;
  const name = {
    global: 'global reserve',
    delayed_refs: 'delayed refs reserve',
  };
  return order.flatMap((n) => {
    const r = rsvs.find((x) => x.name === n);
    return r === undefined
      ? []
      : [`${name[n]}: holds ${shortSize(r.reserved)} of ${shortSize(r.size)}`];
  });
}

export type GroupPart = 'used' | 'reserved' | 'pinned';

export interface PlacedGroup {
  readonly bar: GroupBar;
  readonly x: number;
  readonly width: number;
  /** The used, reserved and pinned parts from the left, each with its x and width (empty ones left out). */
  readonly parts: readonly {
    readonly part: GroupPart;
    readonly x: number;
    readonly width: number;
  }[];
}

/** Places a row's block groups side by side, `gap` apart, each as wide as its share of the row (≥ 2 px). */
export function placeGroups(
  row: GroupRow,
  width: number,
  gap: number,
): PlacedGroup[] {
  const usable = Math.max(1, width - gap * (row.groups.length - 1));
  const out: PlacedGroup[] = [];
  let at = 0;
  for (const bar of row.groups) {
    const w = Math.max(2, (bar.length / row.total) * usable);
    let px = at;
    const parts: PlacedGroup['parts'][number][] = [];
    for (const part of ['used', 'reserved', 'pinned'] as const) {
      const pw = (bar[part] / bar.length) * w;
      if (pw > 0) parts.push({ part, x: px, width: pw });
      px += pw;
    }
    out.push({ bar, x: at, width: w, parts });
    at += w + gap;
  }
  return out;
}
