// The xfs design from the command line: X2 runs with the kernel's sha256 and XFS function names, an XFS
// scenario refuses btrfs designs (and the reverse), and --cut-at is refused with the reason.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../testing/runCli.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../conformance/fixtures/xfs-srcmap.json', import.meta.url),
    'utf8',
  ),
) as { sha256: string };

describe('run --design xfs', () => {
  it('runs X2 with the oracle content and the sha256 Linux 6.18 left', async () => {
    const r = await run('run', 'X2', '--design', 'xfs', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      design: string;
      oracle: { ok: boolean };
      final: { size: number; sha256: string };
    };
    expect(json.design).toBe('xfs');
    expect(json.oracle.ok).toBe(true);
    expect(json.final).toMatchObject({ size: 16384, sha256: fixture.sha256 });
  });

  it('prints the XFS calls of the write and its writeback', async () => {
    const r = await run('run', 'X2', '--design', 'xfs');
    expect(r.code).toBe(0);
    for (const fn of [
      'xfs_buffered_write_iomap_begin',
      'xfs_bmapi_convert_delalloc',
      'xfs_reflink_end_cow',
      'xfs_refcount_decrease_extent',
    ])
      expect(r.out).toContain(`→ ${fn}`);
  });

  it('refuses a design that does not run the scenario filesystem, and a power cut on XFS', async () => {
    const btrfsOnXfs = await run('run', 'X2', '--design', 'srcmap');
    expect(btrfsOnXfs.code).toBe(2);
    expect(btrfsOnXfs.err).toContain('runs under --design xfs only');
    const xfsOnBtrfs = await run('compare', 'S2', '--designs', 'srcmap,xfs');
    expect(xfsOnBtrfs.code).toBe(2);
    expect(xfsOnBtrfs.err).toContain('runs XFS scenarios only');
    const cut = await run('run', 'X2', '--design', 'xfs', '--cut-at', '5');
    expect(cut.code).toBe(2);
    expect(cut.err).toContain('no image to commit or mount after a power cut');
  });

  it.each(['X2', 'X4', 'X5'])(
    'compares %s under xfs by default, the oracle agreeing after every operation',
    async (id) => {
      const r = await run('compare', id, '--json');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as {
        designs: string[];
        operations: {
          byDesign: { xfs?: { oracleOk: boolean; errno: string | null } };
        }[];
      };
      expect(json.designs).toEqual(['xfs']);
      expect(json.operations.length).toBeGreaterThan(0);
      for (const o of json.operations)
        expect(o.byDesign.xfs).toMatchObject({ oracleOk: true, errno: null });
    },
  );
});
