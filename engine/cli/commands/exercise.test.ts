// `iomap-explorer exercise`: short clean runs under every correct design, v1-posted caught with a replay
// that `run` and `replay-fsx` reproduce, the streamed --fsx-log (identical to opsToFsxLog, and replaying
// to the run's final file), and usage errors.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type * as Exerciser from '../../check/exerciser.ts';
import {
  DEFAULT_SHAPE,
  exerciseScenario,
  opGenerator,
} from '../../check/exerciser.ts';
import { opsToFsxLog } from '../../scenario/fsxWrite.ts';
import type { Op } from '../../scenario/types.ts';
import { createSimulation } from '../../sim/simulation.ts';
import { runCli as run } from '../../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-exercise-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SLOW = { timeout: 60_000 };
const SHAPE = DEFAULT_SHAPE;

interface ExerciseJson {
  schemaVersion: number;
  design: string;
  seed: number;
  ops: number;
  opsPerSecond: number;
  checks: { sweepEvery: number; fsckEvery: number };
  kinds: Record<string, number>;
  disagreement: {
    op: number;
    problems: string[];
    replay: { scenario: { id: string; ops: Op[] }; fsxLog: string };
  } | null;
}

async function exerciseJson(
  ...args: string[]
): Promise<{ code: number; json: ExerciseJson }> {
  const r = await run('exercise', '--json', ...args);
  expect(r.err).toBe('');
  return { code: r.code, json: JSON.parse(r.out) as ExerciseJson };
}

/** The first `n` ops of the exerciser's stream for `seed`. */
function opsOf(seed: number, n: number): Op[] {
  return Array.from({ length: n }, opGenerator(seed, SHAPE));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('iomap-explorer exercise', () => {
  it(
    'runs 300 ops under every correct design with 0 disagreements',
    SLOW,
    async () => {
      for (const variant of ['legacy', 'srcmap', 'nested-apply', 'srcaddr']) {
        const { code, json } = await exerciseJson(
          '--design',
          variant,
          '--ops',
          '300',
        );
        expect(code).toBe(0);
        expect(json).toMatchObject({
          schemaVersion: 1,
          design: variant,
          seed: 1,
          ops: 300,
          disagreement: null,
        });
        expect(json.opsPerSecond).toBeGreaterThan(0);
        expect(json.checks).toEqual({ sweepEvery: 64, fsckEvery: 16 });
        expect(Object.values(json.kinds).reduce((a, b) => a + b, 0)).toBe(300);
      }
    },
  );

  it('prints a text summary with the ops by kind', SLOW, async () => {
    const r = await run('exercise', '--ops', '50', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /^exercise: design srcmap, seed 3, 50 ops on one file of at most 256 KiB\n {2}ops run: 50 in \d+\.\d s \(\d+ ops\/s\)\n {2}checks: data oracle where each op could change the file, the whole file every 64 ops and at the end; fsck every 16 ops, after every sync, remount and power cut, and at the end\n {2}ops by kind: write \d+, /,
    );
    expect(r.out).toMatch(/\n0 disagreements: /);
  });

  it(
    'runs with the whole-file checks at the cadence asked for, and says so',
    SLOW,
    async () => {
      const { code, json } = await exerciseJson(
        '--ops',
        '40',
        '--sweep-every',
        '1',
        '--fsck-every',
        '5',
      );
      expect(code).toBe(0);
      expect(json.checks).toEqual({ sweepEvery: 1, fsckEvery: 5 });
      const text = await run('exercise', '--ops', '10', '--sweep-every', '1');
      expect(text.out).toMatch(/the whole file every op and at the end/);
    },
  );

  it(
    'runs on 64K pages with 4K sectors, and catches v1-posted there with a replay that keeps the geometry',
    SLOW,
    async () => {
      const geometry = ['--page-size', '64K', '--sector-size', '4K'];
      const clean = await run('exercise', '--ops', '200', ...geometry);
      expect(clean.code).toBe(0);
      expect(clean.out).toMatch(
        /^exercise: design srcmap, seed 1, 200 ops on one file of at most 256 KiB, 64 KiB pages, 4 KiB sectors\n/,
      );
      const { code, json } = await exerciseJson(
        '--variant',
        'v1-posted',
        '--ops',
        '1000',
        ...geometry,
      );
      expect(code).toBe(1);
      const d = json.disagreement;
      if (d === null) throw new Error('v1-posted was not caught on 64K pages');
      expect(d.replay.scenario).toMatchObject({
        geometry: { pageSize: 65536, sectorSize: 4096 },
      });
      const scenario = join(dir, 'replay-64k.json');
      writeFileSync(scenario, JSON.stringify(d.replay.scenario, null, 2));
      const bad = await run(
        'run',
        scenario,
        '--variant',
        'v1-posted',
        '--json',
      );
      expect(
        (JSON.parse(bad.out) as { oracle: { ok: boolean } }).oracle.ok,
      ).toBe(false);
    },
  );

  it(
    'catches v1-posted within 1000 ops with a replay that run and replay-fsx reproduce',
    SLOW,
    async () => {
      const log = join(dir, 'v1.fsxops');
      const { code, json } = await exerciseJson(
        '--design',
        'v1-posted',
        '--ops',
        '1000',
        '--seed',
        '1',
        '--fsx-log',
        log,
      );
      expect(code).toBe(1);
      const d = json.disagreement;
      if (d === null) throw new Error('v1-posted was not caught');
      expect(json.ops).toBe(d.op + 1);
      expect(d.op).toBeLessThan(1000);
      expect(d.problems.length).toBeGreaterThan(0);
      expect(d.replay.scenario.ops.length).toBeLessThanOrEqual(json.ops);

      // The log of a run that stopped early counts the ops that ran, as opsToFsxLog would.
      expect(readFileSync(log, 'utf8')).toBe(opsToFsxLog(opsOf(1, json.ops)));

      const scenario = join(dir, 'replay.json');
      writeFileSync(scenario, JSON.stringify(d.replay.scenario, null, 2));
      const bad = await run('run', scenario, '--design', 'v1-posted', '--json');
      expect(bad.code).toBe(0);
      expect(
        (JSON.parse(bad.out) as { oracle: { ok: boolean } }).oracle.ok,
      ).toBe(false);
      const good = await run('run', scenario, '--design', 'srcmap', '--json');
      expect(
        (JSON.parse(good.out) as { oracle: { ok: boolean } }).oracle.ok,
      ).toBe(true);

      const fsx = join(dir, 'replay.fsxops');
      writeFileSync(fsx, d.replay.fsxLog);
      const replayed = await run('replay-fsx', fsx, '--design', 'v1-posted');
      expect(replayed.code).toBe(1);
      expect(replayed.out).toMatch(
        new RegExp(
          `verdict: DISAGREEMENT at op ${String(d.replay.scenario.ops.length)} of ${String(d.replay.scenario.ops.length)} `,
        ),
      );

      const text = await run(
        'exercise',
        '--design',
        'v1-posted',
        '--ops',
        '1000',
      );
      expect(text.code).toBe(1);
      expect(text.out).toMatch(
        new RegExp(
          `\nDISAGREEMENT after op ${String(d.op + 1)} \\(seed 1, design v1-posted\\):\n`,
        ),
      );
      expect(text.out).toMatch(
        /\nMinimal replay: \d+ ops?, the last one fails:\n {2}1\. /,
      );
      expect(text.out).toMatch(
        /\nAs a scenario \(save as replay\.json, then: iomap-explorer run replay\.json --design v1-posted\):\n\{\n/,
      );
      expect(text.out).toContain(
        `iomap-explorer replay-fsx replay.fsxops --design v1-posted):\n${d.replay.fsxLog.trimEnd()}`,
      );
    },
  );

  it(
    'streams --fsx-log in chunks exactly as opsToFsxLog, and it replays to the same file',
    SLOW,
    async () => {
      const log = join(dir, 'F.fsxops');
      const { code, json } = await exerciseJson(
        '--ops',
        '300',
        '--seed',
        '2',
        '--fsx-log',
        log,
      );
      expect(code).toBe(0);
      expect(json.ops).toBe(300);
      const ops = opsOf(2, 300);
      expect(readFileSync(log, 'utf8')).toBe(opsToFsxLog(ops));

      const sim = createSimulation({
        scenario: exerciseScenario(SHAPE),
        variant: 'srcmap',
        trace: false,
        history: false,
      });
      for (const op of ops) sim.apply(op);
      const r = await run('replay-fsx', log, '--json');
      expect(r.code).toBe(0);
      const replayed = JSON.parse(r.out) as { opsRun: number; sha256: string };
      expect(replayed.opsRun).toBe(300);
      expect(replayed.sha256).toBe(sha256(sim.fileBytes('F')));
    },
  );

  it('reports progress and an engine throw with the design, seed and op, and keeps the log up to it (exit 1)', async () => {
    vi.resetModules();
    vi.doMock('../../check/exerciser.ts', async (importOriginal) => {
      const real = await importOriginal<typeof Exerciser>();
      const throwing: typeof real.exercise = (options) => {
        const next = real.opGenerator(options.seed, SHAPE);
        for (let i = 0; i < 3; i++) options.onOp?.(next());
        options.onProgress?.(3);
        throw new Error('boom');
      };
      return { ...real, exercise: throwing };
    });
    try {
      const { runCli } = await import('../../testing/runCli.ts');
      const log = join(dir, 'threw.fsxops');
      const r = await runCli(
        'exercise',
        '--seed',
        '4',
        '--json',
        '--fsx-log',
        log,
      );
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(
        /^exercise: 3 of 10000 ops \(0%\), \d+ ops\/s, \d+\.\d s elapsed\n/,
      );
      expect(r.err).toMatch(
        /\niomap-explorer: the engine threw at op 3 \(design srcmap, seed 4, max size 256 KiB\):\nError: boom\n/,
      );
      expect(r.err).toMatch(/\nThe ops up to it are in .*threw\.fsxops/);
      expect(readFileSync(log, 'utf8')).toBe(opsToFsxLog(opsOf(4, 3)));
    } finally {
      vi.doUnmock('../../check/exerciser.ts');
      vi.resetModules();
    }
  });

  it('says when the --fsx-log file cannot be written (exit 1)', async () => {
    const r = await run(
      'exercise',
      '--ops',
      '1',
      '--fsx-log',
      join(dir, 'no', 'such', 'dir.fsxops'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /^iomap-explorer: cannot write fsx op log .*dir\.fsxops: no such directory$/,
    );
  });

  it('treats bad counts, sizes, designs and arguments as usage errors (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--ops=-1'], /--ops '-1' is not a whole number/],
      [['--ops', '1.5'], /--ops '1\.5' is not a whole number/],
      [['--ops', 'many'], /--ops 'many' is not a whole number/],
      [
        ['--seed', '4294967296'],
        /--seed '4294967296' is not a whole number from 0 to 4294967295/,
      ],
      [['--max-size', 'lots'], /--max-size 'lots' is not a size/],
      [
        ['--max-size', '32K'],
        /--max-size 32 KiB is out of range: 64 KiB to 64 MiB/,
      ],
      [['--max-size', '65M'], /--max-size 65 MiB is out of range/],
      [
        ['--page-size', '8K'],
        /--page-size 8 KiB is not supported: 4 KiB or 64 KiB/,
      ],
      [['--page-size', 'big'], /--page-size 'big' is not a size/],
      [
        ['--sector-size', '3K'],
        /--sector-size 3 KiB must be a power of two from 512 bytes to the page size \(4 KiB\)/,
      ],
      [['--sector-size', '8K'], /--sector-size 8 KiB must be a power of two/],
      [['--sector-size', '256'], /--sector-size 256 B must be a power of two/],
      [
        ['--page-size', '64K', '--max-size', '100K'],
        /--max-size 100 KiB is not a multiple of the page size \(64 KiB\)/,
      ],
      [['--design', 'v9'], /--design 'v9' is not a design/],
      [['--sweep-every', '0'], /--sweep-every must be at least 1/],
      [['--fsck-every', 'x'], /--fsck-every 'x' is not a whole number/],
      [['S1'], /exercise takes no arguments, only options; got: S1/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const r = await run('exercise', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('has help, and is listed in the main help', async () => {
    const help = await run('exercise', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(
      /^Usage:\n {2}iomap-explorer exercise \[--design D\]/,
    );
    expect((await run('--help')).out).toMatch(/iomap-explorer exercise /);
  });
});
