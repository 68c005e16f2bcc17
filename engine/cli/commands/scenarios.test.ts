import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenario/library/index.ts';
import { runCli as run } from '../../testing/runCli.ts';

describe('iomap-explorer scenarios', () => {
  it('lists every built-in as one table line: id, title, designs', async () => {
    const r = await run('scenarios');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+TITLE\s+DESIGNS$/);
    expect(lines).toHaveLength(BUILTIN_SCENARIOS.length + 1);
    expect(lines[1]).toMatch(/^S1\s+Aligned full-block overwrite\s+all$/);
    expect(r.out).toMatch(/^S3-cached\s+.+\s+v1-posted, srcmap$/m);
  });

  it('prints JSON with description, kernelFacts and the designs filled in', async () => {
    const r = await run('scenarios', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      schemaVersion: number;
      scenarios: Record<string, unknown>[];
    };
    expect(json.schemaVersion).toBe(1);
    const list = json.scenarios;
    expect(list).toHaveLength(BUILTIN_SCENARIOS.length);
    expect(Object.keys(list[0] ?? {})).toEqual([
      'id',
      'title',
      'description',
      'kernelFacts',
      'designs',
    ]);
    expect(list.find((s) => s.id === 'S2')).toMatchObject({
      kernelFacts: 'S2',
      designs: ['legacy', 'v1-posted', 'srcmap', 'nested-apply', 'srcaddr'],
    });
  });

  it('is listed in the main help and has its own', async () => {
    expect((await run('--help')).out).toMatch(/scenarios \[--json\]/);
    const help = await run('scenarios', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--json prints \{ schemaVersion, scenarios/);
  });

  it('rejects arguments and unknown options with usage exit code 2', async () => {
    const extra = await run('scenarios', 'S1');
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/takes no arguments, got: S1/);
    const bad = await run('scenarios', '--yaml');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--yaml/);
  });
});
