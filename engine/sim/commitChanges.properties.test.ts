// Commits from the transaction's changes against commits that regenerate every item: random operations of
// every kind (writes and overwrites, punch and zero range, truncate, fallocate, clone, dedupe and copy range,
// writeback, fsync, sync, commits, power cuts and remounts) over a datasum file, a NODATACOW file and one on a
// snapshot-shared extent, with checkCommits on: each commit throws unless both copies write the same nodes,
// byte for byte, at the same addresses. Small nodes make trees of many leaves and levels.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opGenerator } from '../check/exerciser.ts';
import type { Op } from '../scenario/types.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { createSimulation } from './simulation.ts';

const K = 1024;
const FILES = ['A', 'B', 'C'] as const;
const MAX_FILE_SIZE = 256 * K;

function scenario(sectorSize: number, nodeSize: number) {
  return scenarioOf({
    id: 'commit-changes',
    geometry: {
      pageSize: 4 * K,
      sectorSize,
      nodeSize,
      deviceSize: 64 * K * K,
    },
    space: { dataUsedByOthers: 512 * K },
    files: [
      { name: 'A', size: 0 },
      {
        name: 'B',
        size: 64 * K,
        flags: ['NODATACOW'],
        extents: [{ offset: 0, length: 64 * K, disk: 'X' }],
      },
      {
        name: 'C',
        size: 96 * K,
        extents: [{ offset: 0, length: 96 * K, disk: 'Y', shared: true }],
      },
    ],
    ops: [],
  });
}

/** The exerciser's operation stream, each operation aimed at one of the files. */
function operations(
  seed: number,
  sectorSize: number,
  targets: readonly number[],
): Op[] {
  const next = opGenerator(seed, {
    maxFileSize: MAX_FILE_SIZE,
    pageSize: 4 * K,
    sectorSize,
  });
  return targets.map((t) => {
    const op = next();
    return 'file' in op ? { ...op, file: FILES[t % FILES.length] ?? 'A' } : op;
  });
}

describe('commits from the transaction changes', () => {
  it('write exactly what regenerating every item writes, after every operation kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          { sectorSize: 4 * K, nodeSize: 4 * K },
          { sectorSize: K, nodeSize: 4 * K },
          { sectorSize: 4 * K, nodeSize: 16 * K },
          // A csum item holds 224 sectors: stretches of several items.
          { sectorSize: 512, nodeSize: K },
        ),
        fc.nat(),
        fc.array(fc.nat(2), { minLength: 20, maxLength: 160 }),
        ({ sectorSize, nodeSize }, seed, targets) => {
          const sim = createSimulation({
            scenario: scenario(sectorSize, nodeSize),
            variant: 'srcmap',
            trace: false,
            history: false,
            checkCommits: true,
          });
          const start = sim.fs.generation;
          for (const op of [
            ...operations(seed, sectorSize, targets),
            { op: 'sync' } as const,
          ])
            sim.apply(op);
          expect(sim.fs.generation).toBeGreaterThan(start);
        },
      ),
      { numRuns: 40 },
    );
  });
});
