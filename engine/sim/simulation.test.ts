import { describe, expect, it } from 'vitest';
import { fsRecords } from '../btrfs/fsRecords.ts';
import { BUILTIN_SCENARIOS } from '../scenario/library/index.ts';
import { VARIANT_IDS, type VariantId } from '../scenario/types.ts';
import { expectEvery } from '../testing/nonVacuous.ts';
import { builtin } from '../testing/runScenario.ts';
import {
  applyEvent,
  emptyState,
  stateToJson,
  undoEvent,
} from '../trace/reducer.ts';
import { Timeline } from '../trace/timeline.ts';
import type { TableName } from '../trace/records.ts';
import { createSimulation, type Simulation } from './simulation.ts';

const IDS = BUILTIN_SCENARIOS.map((s) => s.id);
const CORRECT: VariantId[] = VARIANT_IDS.filter((v) => v !== 'v1-posted');

function runAll(id: string, variant: VariantId): Simulation {
  const sim = createSimulation({ scenario: builtin(id), variant });
  sim.runAll();
  return sim;
}

/** Records derived from the engine's live structures, keyed like the reducer's tables. */
function engineRecords(
  sim: Simulation,
): Partial<Record<TableName, Record<string, unknown>>> {
  const out: Partial<Record<TableName, Record<string, unknown>>> = {
    page: {},
    inode: {},
    ioRange: {},
    fileExtent: {},
    extentItem: {},
    space: {},
  };
  for (const entry of sim.fs.inodes.values()) {
    const ino = entry.inode.ino;
    (out.inode as Record<string, unknown>)[String(ino)] = entry.inode.toRec();
    for (const page of entry.mapping.all())
      (out.page as Record<string, unknown>)[
        `${String(ino)}:${String(page.index)}`
      ] = page.toRec();
    for (const r of entry.ioTree.toRecs())
      (out.ioRange as Record<string, unknown>)[
        `${String(ino)}:${String(r.start)}`
      ] = r;
    for (const item of entry.extents.all())
      (out.fileExtent as Record<string, unknown>)[
        `${String(ino)}:${String(item.offset)}`
      ] = item;
  }
  for (const item of sim.fs.extentTree.all())
    (out.extentItem as Record<string, unknown>)[String(item.bytenr)] = item;
  (out.space as Record<string, unknown>).data = sim.fs.data.toRec();
  (out.space as Record<string, unknown>).metadata = sim.fs.meta.toRec();
  (out.space as Record<string, unknown>).system = sim.fs.system.toRec();
  // Chunks, block groups, the device, the global reserve; no ticket waits and no flusher runs at the end.
  const records = fsRecords(sim.fs);
  for (const table of ['blockGroup', 'device', 'blockRsv'] as const)
    out[table] = Object.fromEntries(
      (records[table] ?? new Map()) as Map<string, unknown>,
    );
  out.ticket = {};
  out.flush = {};
  return out;
}

describe('simulation', () => {
  it('is deterministic: same scenario and design give byte-identical event logs', () => {
    for (const variant of VARIANT_IDS) {
      expect(JSON.stringify(runAll('S7', variant).events)).toBe(
        JSON.stringify(runAll('S7', variant).events),
      );
    }
  });

  it.each(IDS)(
    '%s: stepping back to step 0 and forward again reproduces every state exactly',
    (id) => {
      for (const variant of VARIANT_IDS) {
        const { events } = runAll(id, variant);
        const state = emptyState();
        const forward: string[] = [JSON.stringify(stateToJson(state))];
        for (const e of events) {
          applyEvent(state, e);
          forward.push(JSON.stringify(stateToJson(state)));
        }
        for (let i = events.length - 1; i >= 0; i--) {
          undoEvent(state, events[i] as (typeof events)[number]);
          expect(JSON.stringify(stateToJson(state))).toBe(forward[i]);
        }
        for (let i = 0; i < events.length; i++) {
          applyEvent(state, events[i] as (typeof events)[number]);
          expect(JSON.stringify(stateToJson(state))).toBe(forward[i + 1]);
        }
        expect(state.stack).toEqual([]);
      }
    },
  );

  it.each(IDS)(
    '%s: the reduced state at the end equals the engine’s own state',
    (id) => {
      for (const variant of VARIANT_IDS) {
        const sim = runAll(id, variant);
        const state = emptyState();
        for (const e of sim.events) applyEvent(state, e);
        const reduced = stateToJson(state) as {
          tables: Record<string, Record<string, unknown>>;
        };
        for (const [table, records] of Object.entries(engineRecords(sim))) {
          expect(
            reduced.tables[table],
            `${id}/${variant}: table ${table}`,
          ).toEqual(records);
        }
        expect(reduced.tables.iter).toEqual({});
        expect(reduced.tables.ordered).toEqual(
          Object.fromEntries(
            [...sim.fs.ordered.keys()].map((k) => [
              String(k),
              expect.anything(),
            ]),
          ),
        );
      }
    },
  );

  it('seeks to any step through checkpoints and gets the same state as a linear replay', () => {
    const { events } = runAll('S12', 'srcmap');
    const timeline = new Timeline(events, 16);
    const linear = emptyState();
    const states = events.map((e) => {
      applyEvent(linear, e);
      return JSON.stringify(stateToJson(linear));
    });
    for (const seq of [
      events.length - 1,
      3,
      77,
      0,
      40,
      41,
      39,
      events.length - 2,
    ]) {
      expect(JSON.stringify(stateToJson(timeline.seek(seq)))).toBe(states[seq]);
    }
  });

  it('the data oracle passes every built-in scenario under the four correct designs', () => {
    for (const id of IDS) {
      for (const variant of CORRECT) {
        const sim = runAll(id, variant);
        // One verdict per op of the scenario, every one clean.
        expect(
          sim.outcomes.map((o) => o.oracle),
          `${id}/${variant}`,
        ).toEqual(sim.scenario.ops.map(() => ({ ok: true, mismatches: [] })));
      }
    }
  });

  it('v1-posted zeroes the rest of the block around an unaligned overwrite of uncached data (S3), and the oracle says so', () => {
    const sim = runAll('S3', 'v1-posted');
    const write = sim.outcomes[0];
    expect(write?.counters.bytesZeroed).toBe(4096 - 200);
    expect(write?.counters.syncReads).toBe(0);
    expect(write?.oracle.ok).toBe(false);
    expect(write?.oracle.mismatches[0]).toMatch(/bytes \[0, 100\) differ/);
    const bytes = sim.fileBytes('F');
    expect(bytes[0]).toBe(0);
    expect(bytes[100]).not.toBe(0);
  });

  it('v1-posted does no damage when the page is already cached (S3-cached)', () => {
    const sim = runAll('S3-cached', 'v1-posted');
    expectEvery(
      sim.outcomes,
      (o) => o.oracle.ok,
      'the oracle agrees after each op',
    );
    expect(sim.outcomes[0]?.counters.bytesZeroed).toBe(0);
  });

  it('returns EINVAL for a negative offset and EFBIG past the maximum file size, as values', () => {
    const scenario = builtin('S1');
    const sim = createSimulation({
      scenario: {
        ...scenario,
        ops: [
          {
            op: 'write',
            file: 'F',
            offset: -1,
            length: 10,
            pattern: 'op-index',
          },
          {
            op: 'write',
            file: 'F',
            offset: 1.5,
            length: 10,
            pattern: 'op-index',
          },
          {
            op: 'write',
            file: 'F',
            offset: 2 ** 40,
            length: 10,
            pattern: 'op-index',
          },
        ],
      },
      variant: 'srcmap',
    });
    expect(sim.runAll().map((o) => o.error?.errno)).toEqual([
      'EINVAL',
      'EINVAL',
      'EFBIG',
    ]);
  });
});
