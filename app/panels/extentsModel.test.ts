// The extents panel's layout against real runs: lanes, bands and rows follow the reduced state at a step,
// scales stay inside the drawing, labels appear only where they fit, and the description says what is drawn.

import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import {
  CORE_BITS,
  extentsLayout,
  ioOf,
  laneBits,
  LEFT,
} from './extentsModel.ts';

/** The state right after the first event of `kind` whose note contains `text`. */
function stateAfter(
  events: readonly StepEvent[],
  kind: string,
  text = '',
): { state: ReducedState; event: StepEvent } {
  const state = emptyState();
  for (const e of events) {
    applyEvent(state, e);
    if (e.kind === kind && e.note.includes(text))
      return { state: cloneState(state), event: e };
  }
  throw new Error(`no ${kind} event with "${text}"`);
}

function layoutAt(
  events: readonly StepEvent[],
  at: { state: ReducedState; event: StepEvent },
  width = 800,
) {
  const inode = [...at.state.tables.inode.values()].find((i) => i.name === 'F');
  if (inode === undefined) throw new Error('no file F');
  return extentsLayout({
    tables: at.state.tables,
    inode,
    bits: laneBits(events),
    event: at.event,
    maxFileEnd: inode.isize,
    sectorSize: 4096,
    width,
  });
}

describe('extentsLayout', () => {
  const s3 = eventsOf('S3', 'v1-posted');

  it('lanes: the core bits first, in order, one row each, below one another', () => {
    const bits = laneBits(s3);
    expect(bits.slice(0, CORE_BITS.length)).toEqual(CORE_BITS);
    const l = layoutAt(s3, stateAfter(s3, 'btrfs.bits', 'set LOCKED'));
    expect(l.lanes.map((x) => x.bit)).toEqual(bits);
    for (let i = 1; i < l.lanes.length; i++)
      expect(l.lanes[i]?.y ?? 0).toBeGreaterThan(l.lanes[i - 1]?.y ?? 0);
    expect(l.rows.ordered).toBeGreaterThan(l.lanes.at(-1)?.y ?? Infinity);
    expect(l.height).toBeGreaterThan(l.rows.io);
  });

  it('a LOCKED range is one band on the LOCKED lane, inside the drawing, and in the description', () => {
    const l = layoutAt(s3, stateAfter(s3, 'btrfs.bits', 'set LOCKED'));
    const locked = l.lanes.find((x) => x.bit === 'LOCKED');
    expect(locked?.locked).toBe(true);
    expect(locked?.ranges).toHaveLength(1);
    const band = locked?.ranges[0];
    expect(band?.x).toBe(LEFT);
    expect((band?.x ?? 0) + (band?.width ?? 0)).toBeLessThanOrEqual(800 - 10);
    expect(l.description).toMatch(/\[0B, 4K\) LOCKED/);
    expect(l.lanes.find((x) => x.bit === 'DIRTY')?.ranges).toHaveLength(0);
  });

  it('file extent bands map onto extent items, labelled where the label fits', () => {
    const wide = layoutAt(s3, stateAfter(s3, 'btrfs.bits', 'set LOCKED'), 1200);
    expect(wide.fileExtents.length).toBeGreaterThan(0);
    for (const f of wide.fileExtents) {
      expect(f.path.startsWith(`M${String(f.x)},`)).toBe(true);
      expect(f.showLabel).toBe(true);
    }
    expect(wide.items.map((i) => i.label)).toContain('X refs 1');
    const narrow = layoutAt(
      s3,
      stateAfter(s3, 'btrfs.bits', 'set LOCKED'),
      140,
    );
    // 20 px of drawing: the extent item keeps at most its name.
    expect(narrow.items.map((i) => i.label)).not.toContain('X refs 1');
  });

  it('writeback: the ordered extent and the disk write are drawn and described', () => {
    const s1 = eventsOf('S1', 'srcmap');
    const at = stateAfter(s1, 'io.submit');
    const io = ioOf(at.event);
    expect(io?.dir).toBe('write');
    const l = layoutAt(s1, at);
    expect(l.ordered.length).toBe(1);
    expect(l.ordered[0]?.inFlight).toBe(true);
    expect(l.io?.band.width).toBeGreaterThanOrEqual(4);
    expect(l.io?.text).toMatch(/^write 4K at .* submitted$/);
    expect(l.description).toMatch(/Disk write of 4K at .* submitted\.$/);
    expect(l.summary).toMatch(/^F: \d+ file extent items?, 1 ordered extent, /);
  });

  it('no disk I/O outside I/O events', () => {
    expect(ioOf(undefined)).toBeNull();
    const at = stateAfter(s3, 'btrfs.bits', 'set LOCKED');
    expect(ioOf(at.event)).toBeNull();
    expect(layoutAt(s3, at).io).toBeNull();
  });
});
