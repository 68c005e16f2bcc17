// Issue 18: what validation accepts runs to an answer, and what it refuses it refuses with a sentence and
// the path. Names (finding 3), cached ranges (finding 4), extents past i_size (finding 5), the budgets.
import { describe, expect, it } from 'vitest';
import { SCENARIO_LIMITS } from '../core/limits.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { OpSpec } from './types.ts';
import {
  formatScenarioErrors,
  parseScenarioJson,
  validateScenario,
} from './validate.ts';

function scenario(files: unknown[], ops: unknown[] = []): unknown {
  return { id: 'x', title: 't', description: 'd', files, ops };
}

function errorsOf(input: unknown): string[] {
  const v = validateScenario(input);
  return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
}

function runs(input: unknown) {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(formatScenarioErrors(v.errors));
  const sim = createSimulation({ scenario: v.scenario, variant: 'srcmap' });
  return sim.runAll();
}

describe('file names (finding 3)', () => {
  it('refuses a name over 255 bytes in UTF-8, counting bytes, not characters', () => {
    expect(errorsOf(scenario([{ name: 'N'.repeat(256), size: '4K' }]))).toEqual(
      [
        'files[0].name: is 256 bytes in UTF-8; a file name holds at most 255 (NAME_MAX)',
      ],
    );
    expect(errorsOf(scenario([{ name: '€'.repeat(86), size: '4K' }]))).toEqual([
      'files[0].name: is 258 bytes in UTF-8; a file name holds at most 255 (NAME_MAX)',
    ]);
  });

  it('runs a name of exactly 255 bytes, and one of 85 × "€"', () => {
    for (const name of ['N'.repeat(255), '€'.repeat(85)])
      expect(
        runs(
          scenario(
            [{ name, size: '4K' }],
            [{ op: 'write', file: name, offset: 0, length: 100 }],
          ),
        ),
      ).toHaveLength(1);
  });

  it('refuses "/", NUL, "." and ".." and a lone surrogate', () => {
    for (const name of ['a/b', 'a\0b', '.', '..', '\uD800x'])
      expect(errorsOf(scenario([{ name, size: 0 }]))[0]).toMatch(
        /^files\[0\]\.name: /,
      );
  });
});

describe('cached ranges (finding 4)', () => {
  it('refuses a cached range past the page holding EOF', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'F', size: '16K', cached: [{ offset: 0, length: '1G' }] },
        ]),
      ),
    ).toEqual([
      "files[0].cached[0]: [0, 1 GiB) reaches past the file's size (16 KiB): only pages of the file can be cached",
    ]);
  });

  it('runs a cached range up to the page holding EOF', () => {
    expect(
      runs(
        scenario(
          [{ name: 'F', size: 5000, cached: [{ offset: 0, length: '8K' }] }],
          [{ op: 'fsync', file: 'F' }],
        ),
      ),
    ).toHaveLength(1);
  });
});

describe('an extent past i_size (finding 5)', () => {
  const file = {
    name: 'F',
    size: '16K',
    extents: [{ offset: '1M', length: '4K' }],
  };

  it.each<[string, OpSpec[]]>([
    ['truncate up', [{ op: 'truncate', file: 'F', size: '2M' }]],
    [
      'truncate up, fsync, power cut',
      [
        { op: 'truncate', file: 'F', size: '2M' },
        { op: 'fsync', file: 'F' },
        { op: 'power-cut' },
      ],
    ],
    [
      'a clean remount',
      [
        { op: 'write', file: 'F', offset: 0, length: '8K' },
        { op: 'fsync', file: 'F' },
        { op: 'remount' },
      ],
    ],
  ])('%s: no design that is correct reports data loss', (_, ops) => {
    for (const variant of [
      'legacy',
      'srcmap',
      'nested-apply',
      'srcaddr',
    ] as const) {
      const v = validateScenario(scenario([file], ops));
      if (!v.ok) throw new Error(formatScenarioErrors(v.errors));
      const sim = createSimulation({ scenario: v.scenario, variant });
      for (const outcome of sim.runAll())
        expect(
          outcome.oracle,
          `${variant}, op ${String(outcome.op)}`,
        ).toMatchObject({
          ok: true,
        });
    }
  });
});

describe('budgets', () => {
  it('refuses more ops than the limit, saying how many and the limit', () => {
    const ops = Array.from({ length: SCENARIO_LIMITS.maxOps + 1 }, () => ({
      op: 'sync',
    }));
    expect(errorsOf(scenario([{ name: 'F', size: 0 }], ops))).toEqual([
      `ops: lists ${String(SCENARIO_LIMITS.maxOps + 1)} operations; at most ${String(SCENARIO_LIMITS.maxOps)} are allowed (split the run into several scenarios)`,
    ]);
  });

  it('refuses one write over 64 MiB and a scenario moving over 256 MiB', () => {
    expect(
      errorsOf(
        scenario(
          [{ name: 'F', size: 0 }],
          [{ op: 'write', file: 'F', offset: 0, length: '65M' }],
        ),
      ),
    ).toEqual([
      'ops[0].length: must be at most 64 MiB: one write moves at most that much here (split it into several), got 65 MiB',
    ]);
    const many = Array.from({ length: 5 }, () => ({
      op: 'write',
      file: 'F',
      offset: 0,
      length: '64M',
    }));
    expect(errorsOf(scenario([{ name: 'F', size: 0 }], many))[0]).toMatch(
      /^ops: the scenario moves 320 MiB .* at most 256 MiB is allowed$/,
    );
  });

  it('clips a long value in a message and caps the list of errors', () => {
    const [line] = errorsOf(
      scenario([{ name: 'F', size: 'x'.repeat(10_000_000) }]),
    );
    expect(line?.length).toBeLessThan(300);
    expect(line).toContain('(10000000 characters)');
    const files = Array.from({ length: 200 }, () => ({ name: 'F', size: -1 }));
    const v = validateScenario(scenario(files.slice(0, 100)));
    const text = v.ok ? '' : formatScenarioErrors(v.errors);
    expect(text.split('\n')).toHaveLength(21);
    expect(text).toMatch(/\.\.\. and \d+ more errors$/);
  });

  it('reads a JSON text that starts with a byte order mark', () => {
    const text = '\uFEFF' + JSON.stringify(scenario([{ name: 'F', size: 0 }]));
    expect(parseScenarioJson(text)).toMatchObject({ ok: true });
  });
});

describe('an extent past the 1 TiB file size limit (found by npm run hostile)', () => {
  it('is refused with a sentence, not met by the mount at setup', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'F', size: '1M', extents: [{ offset: '1T', length: '16K' }] },
        ]),
      ),
    ).toEqual([
      'files[0].extents[0].length: the extent ends at 1099511644160 bytes, past the 1 TiB file size limit',
    ]);
  });

  it('runs an extent that ends at the limit', () => {
    const outcomes = runs(
      scenario(
        [
          {
            name: 'F',
            size: '1M',
            extents: [{ offset: 2 ** 40 - 16384, length: '16K' }],
          },
        ],
        [{ op: 'read', file: 'F', offset: 0, length: 4096 }],
      ),
    );
    expect(outcomes.map((o) => o.error)).toEqual([null]);
  });
});
