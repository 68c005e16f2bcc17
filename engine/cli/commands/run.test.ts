// `iomap-explorer run`: JSON and text output, the data-loss finding, and load/usage errors.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../testing/runCli.ts';
// Loaded with the file, not by the CLI's lazy import inside the first test: code a module runs while it
// loads would otherwise count as covered by that test, and mutation testing would "test" its mutants
// (the design objects) with the module already loaded, where no mutant can show (docs/testing.md).
import './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-run-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface RunJson {
  schemaVersion: number;
  scenario: string;
  design: string;
  events: number;
  counters: { op: number }[];
  oracle: { ok: boolean; mismatches: string[] };
  results: { op: number; result: number; errno: string | null }[];
  final: {
    size: number;
    sha256: string;
    files: { name: string; size: number; sha256: string }[];
  };
}

describe('iomap-explorer run', () => {
  it('reports the v1-posted data loss on S2 as a finding (exit 0)', async () => {
    const r = await run('run', 'S2', '--design', 'v1-posted', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as RunJson;
    expect(json.scenario).toBe('S2');
    expect(json.schemaVersion).toBe(1);
    expect(json.design).toBe('v1-posted');
    expect(json.oracle.ok).toBe(false);
    expect(json.oracle.mismatches.length).toBeGreaterThan(0);
    expect(json.final.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.final.files[0]?.sha256).toBe(json.final.sha256);
    expect(json.counters.length).toBe(json.results.length);
    expect(json.events).toBeGreaterThan(0);
  });

  it('runs S2 under srcmap (the default) with the oracle satisfied', async () => {
    const r = await run('run', 's2', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as RunJson;
    expect(json.design).toBe('srcmap');
    expect(json.oracle).toEqual({ ok: true, mismatches: [] });
    expect(json.results[0]).toEqual({ op: 0, result: 200, errno: null });
  });

  it('prints an indented trace and a per-operation summary', async () => {
    const r = await run('run', 'S2', '--design', 'v1-posted');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ *0 {2}\[sim\.setup\] /m);
    expect(r.out).toMatch(/^ *\d+ {4}→ iomap_apply$/m);
    expect(r.out).toMatch(/\[oracle\.check\] DATA LOSS/);
    expect(r.out).toMatch(
      /Summary:\n {2}op 1: write\(F, 200B at 100B\) returns 200/,
    );
    expect(r.out).toMatch(/oracle: DATA LOSS: F: bytes/);
    expect(r.out).toMatch(/counters: .*bytesZeroed=3896/);
  });

  it('lists the built-in ids for an unknown scenario (exit 1)', async () => {
    const r = await run('run', 'S99');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown scenario 'S99'/);
    expect(r.err).toMatch(/S1, S2, S3/);
  });

  it('rejects an unknown design as a usage error (exit 2)', async () => {
    const r = await run('run', 'S2', '--design', 'v9');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--design 'v9' is not a design; expected one of: legacy/,
    );
  });

  it('explains an unreadable file and invalid scenario fields (exit 1)', async () => {
    const missing = await run('run', join(dir, 'missing.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read scenario file .*no such file/);

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        id: 'X',
        title: 'x',
        description: 'x',
        files: 7,
        ops: [],
      }),
    );
    const invalid = await run('run', bad);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/is not a valid scenario:\nfiles: /);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "id": ');
    const syntax = await run('run', broken);
    expect(syntax.code).toBe(1);
    expect(syntax.err).toMatch(/\(json\): /);
  });

  it('says when a valid scenario does not fit its device, larger than a block group or the device full (exit 1)', async () => {
    const scenario = (files: object[]) =>
      JSON.stringify({
        id: 'big',
        title: 'x',
        description: 'x',
        geometry: { deviceSize: '64M' },
        files,
        ops: [{ op: 'write', file: 'F', offset: 0, length: 4096 }],
      });
    const file = (name: string, size: string) => ({
      name,
      size,
      extents: [{ offset: 0, length: size }],
    });
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, scenario([file('F', '20M')]));
    const tooLarge = await run('run', huge);
    expect(tooLarge.code).toBe(1);
    expect(tooLarge.err).toMatch(
      /disk extent E0 is 20M, but an extent lies inside one block group and a data block group on a 64 MiB device is at most 16 MiB/,
    );
    const full = join(dir, 'full.json');
    writeFileSync(full, scenario(['F', 'G', 'H'].map((n) => file(n, '14M'))));
    const noRoom = await run('run', full);
    expect(noRoom.code).toBe(1);
    expect(noRoom.err).toMatch(
      /no data block group has room for disk extent E2 \(14M\), and the 64 MiB device has no unallocated space left/,
    );
  });

  it('takes --variant as another name for --design, and refuses the two disagreeing (exit 2)', async () => {
    const old = await run('run', 'S2', '--variant', 'legacy', '--json');
    expect(old.code).toBe(0);
    expect((JSON.parse(old.out) as RunJson).design).toBe('legacy');
    const both = await run(
      'run',
      'S2',
      '--design',
      'srcmap',
      '--variant',
      'legacy',
    );
    expect(both.code).toBe(2);
    expect(both.err).toMatch(
      /--design 'srcmap' and --variant 'legacy' disagree/,
    );
  });

  it('writes the run as a Chrome trace and as JSON Lines events', async () => {
    const trace = join(dir, 'S15.trace.json');
    const events = join(dir, 'S15.jsonl');
    const r = await run(
      'run',
      'S15',
      '--json',
      '--trace',
      trace,
      '--events',
      events,
    );
    expect(r.code).toBe(0);
    const count = (JSON.parse(r.out) as RunJson).events;

    // The event stream is the golden log: the same events, serialized the same way.
    const lines = readFileSync(events, 'utf8');
    expect(lines).toBe(
      readFileSync(
        new URL('../../sim/golden/S15.srcmap.jsonl', import.meta.url),
        'utf8',
      ),
    );
    expect(lines.trimEnd().split('\n')).toHaveLength(count);

    const json = JSON.parse(readFileSync(trace, 'utf8')) as {
      traceEvents: { ph: string; name: string; ts: number }[];
      otherData: unknown;
    };
    expect(json.otherData).toEqual({ scenario: 'S15', designs: ['srcmap'] });
    const open: string[] = [];
    for (const e of json.traceEvents) {
      if (e.ph === 'B') open.push(e.name);
      if (e.ph === 'E') expect(open.pop()).toBe(e.name);
    }
    expect(open).toEqual([]);
    const slices = json.traceEvents.filter((e) => e.ph === 'B');
    expect(slices.map((e) => e.name)).toContain('power_cut');
    expect(json.traceEvents.some((e) => e.ph === 'C')).toBe(true);
  });

  it('says when --trace or --events cannot be written (exit 1)', async () => {
    const r = await run(
      'run',
      'S2',
      '--trace',
      join(dir, 'no', 'such', 't.json'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /cannot write Chrome trace .*t\.json: no such directory/,
    );
    const e = await run('run', 'S2', '--events', dir);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/cannot write event stream .*: is a directory/);
  });
});
