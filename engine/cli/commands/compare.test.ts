// `iomap-explorer compare`: designs side by side, as JSON and as a table.

import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../testing/runCli.ts';

interface CompareJson {
  schemaVersion: number;
  scenario: string;
  designs: string[];
  operations: {
    op: number;
    description: string;
    byDesign: Record<
      string,
      {
        result: number;
        errno: string | null;
        oracleOk: boolean;
        mismatches: string[];
        counters: Record<string, number>;
      }
    >;
  }[];
}

describe('iomap-explorer compare', () => {
  it('compares the scenario own designs on S3 as JSON', async () => {
    const r = await run('compare', 'S3', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as CompareJson;
    expect(json.schemaVersion).toBe(1);
    expect(json.scenario).toBe('S3');
    expect(json.designs).toEqual(['v1-posted', 'srcmap']);
    const first = json.operations[0];
    expect(first?.description).toBe('write(F, 200B at 100B)');
    expect(first?.byDesign['v1-posted']?.oracleOk).toBe(false);
    expect(first?.byDesign['v1-posted']?.mismatches.length).toBeGreaterThan(0);
    expect(first?.byDesign.srcmap?.oracleOk).toBe(true);
    expect(first?.byDesign.srcmap?.counters.bytesCopied).toBe(200);
  });

  it('prints one block per operation with designs as columns', async () => {
    const r = await run('compare', 'S3', '--designs', 'srcmap,legacy');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^op 1: write\(F, 200B at 100B\)$/m);
    expect(r.out).toMatch(/^ {2}design +srcmap +legacy$/m);
    expect(r.out).toMatch(/^ {2}oracle +ok +ok$/m);
    expect(r.out).toMatch(/^ {2}result +200 +200$/m);
    expect(r.out).toMatch(/^ {2}bytesCopied +200 +200$/m);
  });

  it('shows LOSS and the mismatches for a losing design', async () => {
    const r = await run('compare', 'S3');
    expect(r.out).toMatch(/^ {2}oracle +LOSS +ok$/m);
    expect(r.out).toMatch(/v1-posted DATA LOSS: F: bytes/);
  });

  it('takes --variants as another name for --designs', async () => {
    const r = await run('compare', 'S3', '--variants', 'legacy', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as CompareJson).designs).toEqual(['legacy']);
  });

  it('rejects an unknown design in --designs or --variants (exit 2)', async () => {
    const r = await run('compare', 'S3', '--designs', 'srcmap,bogus');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--designs 'bogus' is not a design/);
    const old = await run('compare', 'S3', '--variants', 'bogus');
    expect(old.err).toMatch(/--variants 'bogus' is not a design/);
  });
});
