// `iomap-explorer crash`: S15 under srcmap, a small scenario file (default designs, text output, and
// v1-posted losing fsync'ed bytes), and load and usage errors. Each crash run is seconds: keep them few.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-crash-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SLOW = { timeout: 60_000 };

interface CrashJson {
  schemaVersion: number;
  scenario: string;
  designs: {
    design: string;
    events: number;
    cutPoints: number;
    runs: number;
    violations: {
      event: number;
      op: number;
      seed?: number;
      problems: string[];
    }[];
    lostDurableBytes: number;
  }[];
}

/** S2's unaligned overwrite, then fsync: v1-posted's zeroes reach the disk and are made durable. */
const SMALL = join(dir, 'small.json');
writeFileSync(
  SMALL,
  JSON.stringify({
    id: 'small',
    title: 'Unaligned overwrite, then fsync',
    description: 'A 200-byte write inside a written block, made durable.',
    variants: ['srcmap', 'v1-posted'],
    files: [
      {
        name: 'F',
        size: '16K',
        extents: [{ offset: 0, length: '16K', disk: 'X' }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: 100, length: 200 },
      { op: 'fsync', file: 'F' },
    ],
  }),
);

describe('iomap-explorer crash', () => {
  it(
    'finds no violation and no lost byte in S15 under srcmap (exit 0)',
    SLOW,
    async () => {
      const r = await run('crash', 'S15', '--design', 'srcmap', '--json');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as CrashJson;
      expect(json.scenario).toBe('S15');
      expect(json.designs).toHaveLength(1);
      const [d] = json.designs;
      expect(d).toMatchObject({
        design: 'srcmap',
        violations: [],
        lostDurableBytes: 0,
      });
      expect(d?.events).toBeGreaterThan(100);
      expect(d?.cutPoints).toBe((d?.events ?? 0) - 1);
      expect(d?.runs).toBe(2 * (d?.cutPoints ?? 0));
    },
  );

  it(
    'runs every correct design the scenario names by default, and prints a text report',
    SLOW,
    async () => {
      const r = await run('crash', SMALL);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /^crash small: Unaligned overwrite, then fsync — power cut before every step event, then mount and check\n\ndesign srcmap: (\d+) events, \d+ cut points, \d+ runs\n {2}violations: 0\n {2}lost fsync'ed bytes: 0\n\nverdict: ok: no violation and no lost fsync'ed byte under 1 design$/,
      );
    },
  );

  it(
    "reports v1-posted's lost fsync'ed bytes with the violations in detail (exit 1)",
    SLOW,
    async () => {
      const r = await run('crash', SMALL, '--design', 'v1-posted');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/\ndesign v1-posted: \d+ events/);
      expect(r.out).toMatch(/\n {2}lost fsync'ed bytes: [1-9]\d*\n/);
      expect(r.out).toMatch(
        /\n {2}cut before event \d+, during op 2: fsync\(F\); every unflushed write lost\n {4}F: fsync'ed bytes \[0, 100\) changed across the power cut\n/,
      );
      expect(r.out).toMatch(
        /; seed \d+: a seeded part of the unflushed writes landed\n/,
      );
      expect(r.out).toMatch(/\nverdict: FAILED: /);
    },
  );

  it('explains an unknown scenario (exit 1)', async () => {
    const r = await run('crash', 'S99');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/unknown scenario 'S99'/);
  });

  it('treats a missing scenario, extra arguments and an unknown design as usage errors (exit 2)', async () => {
    const none = await run('crash');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/crash needs a scenario id or a \.json file/);
    const extra = await run('crash', 'S1', 'S2');
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/got extra arguments: S2/);
    const design = await run('crash', 'S1', '--design', 'v9');
    expect(design.code).toBe(2);
    expect(design.err).toMatch(/--design 'v9' is not a design/);
  });

  it('has help, and is listed in the main help', async () => {
    const help = await run('crash', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(
      /^Usage:\n {2}iomap-explorer crash <scenario-id\|file\.json>/,
    );
    expect((await run('--help')).out).toMatch(
      /iomap-explorer crash <scenario>/,
    );
  });
});
