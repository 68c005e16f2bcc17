// A disk extent named by two file extents holds one set of bytes: the first reference's, read back through
// both, by the data oracle, the page cache's warm pages and the disk alike.
import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate.ts';
import { createSimulation } from '../sim/simulation.ts';
import { fillByte, fillBytes } from './initialContent.ts';

const K = 1024;

function clonedFile(cached: boolean) {
  const v = validateScenario({
    id: 'clone-content',
    title: 'A file whose second half is a clone of its first',
    description: 'Both extents name disk extent X.',
    files: [
      {
        name: 'F',
        size: '32K',
        extents: [
          { offset: 0, length: '16K', disk: 'X' },
          { offset: '16K', length: '16K', disk: 'X' },
        ],
        cached: cached ? [{ offset: '16K', length: '4K' }] : [],
      },
    ],
    ops: [{ op: 'read', file: 'F', offset: 0, length: '32K' }],
  });
  if (!v.ok) throw new Error(v.errors[0]?.message);
  return v.scenario;
}

describe('a disk extent named by two file extents', () => {
  it.each([false, true])(
    'reads the first reference bytes through both (warm page: %s)',
    (cached) => {
      const sim = createSimulation({
        scenario: clonedFile(cached),
        variant: 'srcmap',
        trace: false,
      });
      const outcomes = sim.runAll();
      expect(outcomes.flatMap((o) => o.oracle.mismatches)).toEqual([]);
      const bytes = sim.fileBytes('F');
      for (const off of [0, 100, 4 * K + 7, 16 * K - 1])
        expect(bytes[16 * K + off]).toBe(fillByte('pattern', off));
      expect(bytes.subarray(0, 16 * K)).toEqual(bytes.subarray(16 * K));
    },
  );
});

describe('fillBytes', () => {
  it.each([
    [0, 1],
    [0, 251],
    [7, 250],
    [1000, 4096],
    [2 ** 30 - 5, 3 * 251 + 17],
  ])(
    'writes what fillByte gives, byte by byte (from %i, %i bytes)',
    (from, n) => {
      const out = new Uint8Array(n);
      fillBytes('pattern', from, out);
      const want = Uint8Array.from({ length: n }, (_, i) =>
        fillByte('pattern', from + i),
      );
      expect(out).toEqual(want);
      fillBytes({ byte: 0x5a }, from, out);
      expect(out.every((b) => b === 0x5a)).toBe(true);
    },
  );
});
