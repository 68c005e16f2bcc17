// The Source listings against the engine: every event of every built-in scenario under every design
// names an existing line, and every line of every listing runs in some built-in scenario under some
// design that shows it, or says why it never does.

import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import {
  BUILTIN_SCENARIOS,
  DESIGN_IDS,
  VARIANT_IDS,
  XFS_SCENARIOS,
} from '@engine';
import { designRun } from '../../engine/testing/runScenario.ts';
import { expectEvery } from '../../engine/testing/nonVacuous.ts';
import { CATALOG } from './catalog.ts';
import { recordRun, unaccountedLines, type Executed } from './coverage.ts';

const executed: Executed = new Map();

describe('every event names a listing line', () => {
  for (const { id } of BUILTIN_SCENARIOS)
    for (const design of VARIANT_IDS)
      it(`${id} under ${design}`, () => {
        const events = eventsOf(id, design);
        expect(events.length).toBeGreaterThan(0);
        const unclaimed = recordRun(executed, events, design).map(
          (e) =>
            `#${String(e.seq)} ${e.kind} in ${e.kfn || '(runner)'}: ${e.note}`,
        );
        expect(unclaimed).toEqual([]);
      });
});

describe('every event of an XFS built-in under xfs names a listing line', () => {
  for (const { id } of XFS_SCENARIOS)
    it(`${id} under xfs`, () => {
      const { events } = designRun(id, 'xfs');
      expect(events.length).toBeGreaterThan(0);
      const unclaimed = recordRun(executed, events, 'xfs').map(
        (e) =>
          `#${String(e.seq)} ${e.kind} in ${e.kfn || '(runner)'}: ${e.note}`,
      );
      expect(unclaimed).toEqual([]);
    });
});

describe('every listing line is run or says why not', () => {
  it('no line is unaccounted for (after all the runs above)', () => {
    expect(executed.size).toBeGreaterThan(0);
    expect(unaccountedLines(executed)).toEqual([]);
  });
});

describe('the catalog is well formed', () => {
  it('line ids are unique within a listing', () => {
    expectEvery(
      CATALOG,
      ({ listing }) =>
        new Set(listing.lines.map((l) => l.id)).size === listing.lines.length,
      'unique ids',
    );
  });

  it('at most one line of a listing is its fast path (onQuietCall), and it has no events of its own', () => {
    const fastPaths = CATALOG.map(({ listing }) =>
      listing.lines.filter((l) => l.onQuietCall),
    );
    expect(fastPaths.some((lines) => lines.length === 1)).toBe(true);
    expectEvery(
      fastPaths,
      (lines) =>
        lines.length <= 1 && lines.every((l) => (l.runs ?? []).length === 0),
      'fast-path lines',
    );
  });

  it('a `with` names another line of the same listing', () => {
    const withs = CATALOG.flatMap(({ listing }) =>
      listing.lines
        .filter((l) => l.with !== undefined)
        .map((l) => ({ listing, line: l })),
    );
    expectEvery(
      withs,
      ({ listing, line }) =>
        line.with !== line.id && listing.lines.some((l) => l.id === line.with),
      '`with` targets',
    );
  });

  it('only the v1-posted listings carry patch marks, and each of patches 1-5 marks some line', () => {
    const marked = CATALOG.flatMap(({ listing, designs }) =>
      listing.lines
        .filter((l) => l.diff !== undefined)
        .map((l) => ({ designs, patch: l.diff?.patch })),
    );
    expectEvery(
      marked,
      ({ designs }) => designs !== 'all' && designs.join() === 'v1-posted',
      'marked lines are v1-posted only',
    );
    expect([...new Set(marked.map((m) => m.patch))].sort()).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('every function has one listing per design, or one for all', () => {
    const fns = new Set(CATALOG.map((e) => e.listing.fn));
    for (const fn of fns) {
      const entries = CATALOG.filter((e) => e.listing.fn === fn);
      for (const design of DESIGN_IDS) {
        const showing = entries.filter((e) =>
          e.designs === 'all' ? design !== 'xfs' : e.designs.includes(design),
        );
        expect(
          showing.length,
          `${fn || '(runner)'} under ${design}`,
        ).toBeLessThanOrEqual(1);
      }
    }
  });
});
