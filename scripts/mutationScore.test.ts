// `npm run mutation`'s table: each mutant counts in its folder, and the score leaves out what no test could
// kill (equivalent mutants, compile errors) but never what the tests missed.
import { describe, expect, it } from 'vitest';
import { present } from '../engine/testing/nonVacuous.ts';
import {
  fileRows,
  formatRows,
  groupOf,
  mutateFor,
  scoreRows,
  scoresPage,
} from './mutationScore.mjs';

const mutants = (...statuses: string[]) => ({
  mutants: statuses.map((status) => ({ status })),
});

describe('mutation score per folder', () => {
  it('places each source file in its folder, the data and durability oracles apart from the rest of engine/oracle', () => {
    expect(groupOf('engine/pagecache/page.ts')).toBe('pagecache');
    expect(groupOf('engine/btrfs/writeback.ts')).toBe('btrfs');
    expect(groupOf('engine/oracle/oracle.ts')).toBe('oracle');
    expect(groupOf('engine/oracle/durability.ts')).toBe('oracle');
    expect(groupOf('engine/oracle/sparseFile.ts')).toBe('oracle');
    expect(groupOf('engine/oracle/touched.ts')).toBeUndefined();
    expect(groupOf('engine/check/exerciser.ts')).toBeUndefined();
  });

  it('mutates a folder by name or by path, never its tests, and refuses an unknown one', () => {
    expect(mutateFor(['pagecache', 'engine/iomap'])).toEqual([
      'engine/pagecache/**/*.ts',
      'engine/iomap/**/*.ts',
      '!engine/**/*.test.ts',
    ]);
    expect(() => mutateFor(['engine/sim'])).toThrow(/unknown folder/);
  });

  it('scores (killed + timeout) over every mutant a test could kill, per folder and in total', () => {
    const rows = scoreRows(
      {
        files: {
          '/repo/engine/btrfs/a.ts': mutants('Killed', 'Survived'),
          'engine/pagecache/page.ts': mutants(
            'Killed',
            'Timeout',
            'NoCoverage',
            'Ignored',
            'CompileError',
          ),
        },
      },
      '/repo',
    );
    expect(rows.map((r) => r.folder)).toEqual(['pagecache', 'btrfs', 'total']);
    expect(rows[0]).toMatchObject({
      killed: 1,
      timeout: 1,
      noCoverage: 1,
      equivalent: 1,
      errors: 1,
      total: 5,
    });
    expect(rows[0]?.score).toBeCloseTo((100 * 2) / 3);
    expect(rows[1]?.score).toBe(50);
    expect(rows[2]).toMatchObject({ killed: 2, survived: 1, total: 7 });
    expect(rows[2]?.score).toBe(60);
    const table = formatRows(rows).split('\n');
    expect(table).toHaveLength(5);
    expect(table[2]).toMatch(/^\| pagecache \|\s+66\.7% \|\s+1 \|/);
    expect(scoresPage(rows)).toContain(`${formatRows(rows)}\n`);
  });

  it('scores one folder file by file, with the folder as the last row, and puts that table on the page', () => {
    const report = {
      files: {
        'engine/btrfs/ordered.ts': mutants('Killed', 'Survived'),
        'engine/btrfs/inode.ts': mutants('Killed', 'Killed', 'Ignored'),
        'engine/iomap/iomap.ts': mutants('Survived'),
      },
    };
    const files = fileRows(report, 'btrfs', '/repo');
    expect(files.map((r) => [r.folder, r.score, r.total])).toEqual([
      ['engine/btrfs/inode.ts', 100, 3],
      ['engine/btrfs/ordered.ts', 50, 2],
      ['btrfs', 75, 5],
    ]);
    const page = scoresPage(scoreRows(report, '/repo'), files);
    expect(page).toContain(`${formatRows(files, 'file')}\n`);
    expect(formatRows(files, 'file')).toMatch(/^\| file /);
    expect(scoresPage(scoreRows(report, '/repo'))).not.toContain(
      'file by file',
    );
  });

  it('counts static mutants a run skipped or could not activate apart: neither equivalent nor in the score', () => {
    const [row] = scoreRows({
      files: {
        'engine/variants/srcmap.ts': {
          mutants: [
            { status: 'Killed' },
            { status: 'Survived' },
            {
              status: 'Ignored',
              statusReason: 'Static mutant (and "ignoreStatic" was enabled)',
            },
            { status: 'Ignored', statusReason: 'a design with no srcmap' },
            // Module-load code a test also covered: run with runtime activation, which never reaches it.
            { status: 'Survived', static: true },
            { status: 'Killed', static: true },
          ],
        },
      },
    });
    expect(row).toMatchObject({
      killed: 2,
      survived: 1,
      equivalent: 1,
      staticSkipped: 2,
      total: 6,
    });
    expect(row?.score).toBeCloseTo((100 * 2) / 3);
  });

  it('has no score for a folder whose every mutant is equivalent', () => {
    const [row] = scoreRows({
      files: { 'engine/iomap/x.ts': mutants('Ignored') },
    });
    expect(row?.score).toBeNull();
    expect(formatRows([present(row, 'the iomap row')])).toContain('n/a');
  });
});
