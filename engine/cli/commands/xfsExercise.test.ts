// exercise and replay-fsx under the xfs design: a seeded run agrees with the data oracle (no commit, power
// cut or remount drawn, fsck not claimed), its fsx log replays to the same file, and a log with an op the
// XFS model refuses is refused with the reason.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exercise } from '../../check/exerciser.ts';
import { runCli as run } from '../../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-xfs-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('exercise --design xfs', () => {
  it('runs 3,000 seeded ops of every XFS kind with no disagreement', () => {
    const r = exercise({ variant: 'xfs', ops: 3000, seed: 11 });
    expect(r.disagreement).toBeNull();
    for (const kind of [
      'clone-range',
      'dedupe-range',
      'copy-range',
      'punch-hole',
      'zero-range',
      'truncate',
    ])
      expect(r.kinds[kind]).toBeGreaterThan(0);
    for (const kind of ['commit', 'power-cut', 'remount'])
      expect(r.kinds[kind]).toBeUndefined();
  });

  it('says which checks apply, and its fsx log replays under xfs to the same file', async () => {
    const log = join(dir, 'run.fsxops');
    const ex = await run(
      'exercise',
      '--design',
      'xfs',
      '--ops',
      '400',
      '--seed',
      '4',
      '--fsx-log',
      log,
    );
    expect(ex.code).toBe(0);
    expect(ex.out).toContain('no fsck');
    const a = await run('replay-fsx', log, '--design', 'xfs', '--json');
    const b = await run('replay-fsx', log, '--design', 'xfs', '--json');
    expect(a.code).toBe(0);
    const json = JSON.parse(a.out) as {
      ok: boolean;
      design: string;
      sha256: string;
    };
    expect(json).toMatchObject({ ok: true, design: 'xfs' });
    expect((JSON.parse(b.out) as { sha256: string }).sha256).toBe(json.sha256);
  });
});

describe('replay-fsx --design xfs', () => {
  it('refuses collapse_range with the reason, naming the line', async () => {
    const log = join(dir, 'collapse.fsxops');
    writeFileSync(log, 'write 0x0 0x10000\ncollapse_range 0x0 0x1000\n');
    const r = await run('replay-fsx', log, '--design', 'xfs');
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not shift extents');
  });
});
