// Issue 18, finding 1: a 1 TiB sparse file with a few written ranges costs memory in proportion to what
// was written, in the data oracle, the durability oracle and every comparison between them and the file.
import { describe, expect, it } from 'vitest';
import { parseFsxLog } from '../scenario/fsxParse.ts';
import { fsxLogToScenario } from '../scenario/fsxToScenario.ts';
import type { OpSpec } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation } from './simulation.ts';

const T = 2 ** 40;

function runs(files: unknown[], ops: OpSpec[]) {
  const v = validateScenario({
    id: 'big',
    title: 't',
    description: 'd',
    files,
    ops,
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const before = process.memoryUsage().arrayBuffers;
  const sim = createSimulation({
    scenario: v.scenario,
    variant: 'srcmap',
    trace: false,
  });
  const outcomes = sim.runAll();
  return { outcomes, grew: process.memoryUsage().arrayBuffers - before, sim };
}

describe('a 1 TiB sparse file', () => {
  it.each<[string, unknown[], OpSpec[]]>([
    [
      '"size": "1T"',
      [{ name: 'F', size: '1T' }],
      [{ op: 'read', file: 'F', offset: T - 8192, length: 8192 }],
    ],
    [
      'truncate to 1T',
      [{ name: 'F', size: '16K', extents: [{ offset: 0, length: '16K' }] }],
      [
        { op: 'truncate', file: 'F', size: '1T' },
        { op: 'fsync', file: 'F' },
        { op: 'power-cut' },
      ],
    ],
    [
      'a write at 999 GiB plus fsync',
      [{ name: 'F', size: 0 }],
      [
        { op: 'write', file: 'F', offset: '999G', length: '64K' },
        { op: 'fsync', file: 'F' },
        { op: 'remount' },
      ],
    ],
    [
      'a clone to 1T - 4K',
      [{ name: 'F', size: '16K', extents: [{ offset: 0, length: '16K' }] }],
      [
        {
          op: 'clone-range',
          file: 'F',
          srcOffset: 0,
          length: 4096,
          offset: T - 4096,
        },
        { op: 'sync' },
        { op: 'power-cut' },
        { op: 'read', file: 'F', offset: T - 4096, length: 4096 },
      ],
    ],
  ])('%s runs with the oracles agreeing, in a few MiB', (_name, files, ops) => {
    const { outcomes, grew } = runs(files, ops);
    expect(outcomes.map((o) => o.oracle)).toEqual(
      ops.map(() => ({ ok: true, mismatches: [] })),
    );
    expect(outcomes.every((o) => o.error === null)).toBe(true);
    expect(grew).toBeLessThan(64 * 2 ** 20);
  });

  it('fsx write 0x280000000 0x1000 replays (a 10 GiB file)', () => {
    const log = parseFsxLog('write 0x280000000 0x1000 0x0\nfsync\n');
    if (!log.ok) throw new Error(log.error.message);
    const built = fsxLogToScenario(log.value, { fileName: 'F' });
    if (!built.ok) throw new Error(built.error.message);
    const sim = createSimulation({
      scenario: built.value,
      variant: 'srcmap',
      trace: false,
    });
    expect(sim.runAll().every((o) => o.oracle.ok && o.error === null)).toBe(
      true,
    );
    let bytes = 0;
    sim.streamFile('F', (b) => (bytes += b.length));
    expect(bytes).toBe(0x280001000);
  });
});
