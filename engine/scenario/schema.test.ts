// The published JSON Schema (public/scenario.schema.json) and the engine's validator agree: both accept
// every built-in, both reject each malformed scenario below at the same place, and the schema never rejects
// a scenario the validator accepts (an editor must not flag a file the engine runs).

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinsAsJson,
  mutatedBuiltin,
} from '../testing/scenarioArbitraries.ts';
import { validateScenario } from './validate.ts';

const schema = JSON.parse(
  readFileSync(
    new URL('../../public/scenario.schema.json', import.meta.url),
    'utf8',
  ),
) as object;
const schemaAccepts = new Ajv2020({ allErrors: true, strict: true }).compile(
  schema,
);

/** Ajv's instance paths in the validator's notation: `/ops/0/offset` is `ops[0].offset`. */
function schemaErrorPaths(): string[] {
  return (schemaAccepts.errors ?? []).map((e) =>
    e.instancePath
      .split('/')
      .slice(1)
      .map((seg, i) =>
        /^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`,
      )
      .join(''),
  );
}

const builtins = builtinsAsJson();

const base = {
  id: 'base',
  title: 'A valid scenario to break',
  description: 'One file with one extent, one write.',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [{ op: 'write', file: 'F', offset: 100, length: 200 }],
};

/** Malformed scenarios, each with the path the validator names. */
const INVALID: readonly [string, unknown, string][] = [
  ['not an object', [], '(root)'],
  ['no ops', { ...base, ops: undefined }, 'ops'],
  ['an unknown field', { ...base, colour: 'red' }, 'colour'],
  ['a bad id', { ...base, id: 'has space' }, 'id'],
  ['an empty title', { ...base, title: '  ' }, 'title'],
  ['$schema not a string', { ...base, $schema: 7 }, '$schema'],
  ['an unknown design', { ...base, variants: ['srcmap', 'v2'] }, 'variants[1]'],
  [
    'a repeated design',
    { ...base, variants: ['srcmap', 'srcmap'] },
    'variants[1]',
  ],
  ['no designs', { ...base, variants: [] }, 'variants'],
  ['a negative seed', { ...base, seed: -1 }, 'seed'],
  [
    'a size that is no size',
    { ...base, geometry: { pageSize: '4Q' } },
    'geometry.pageSize',
  ],
  [
    'an unknown geometry field',
    { ...base, geometry: { blockSize: 4096 } },
    'geometry.blockSize',
  ],
  ['no files', { ...base, files: [] }, 'files'],
  [
    'a file without a size',
    { ...base, files: [{ name: 'F' }] },
    'files[0].size',
  ],
  [
    'an unknown file flag',
    { ...base, files: [{ name: 'F', size: 0, flags: ['COMPRESS'] }] },
    'files[0].flags[0]',
  ],
  [
    'an extent of an unknown type',
    {
      ...base,
      files: [
        {
          name: 'F',
          size: '4K',
          extents: [{ offset: 0, length: '4K', type: 'inline' }],
        },
      ],
    },
    'files[0].extents[0].type',
  ],
  [
    'a fill byte out of range',
    { ...base, files: [{ name: 'F', size: 0, fill: { byte: 256 } }] },
    'files[0].fill.byte',
  ],
  [
    'a cached range without a length',
    { ...base, files: [{ name: 'F', size: 0, cached: [{ offset: 0 }] }] },
    'files[0].cached[0].length',
  ],
  ['an unknown op', { ...base, ops: [{ op: 'mmap', file: 'F' }] }, 'ops[0].op'],
  ['an op without its kind', { ...base, ops: [{ file: 'F' }] }, 'ops[0].op'],
  [
    'a write without a length',
    { ...base, ops: [{ op: 'write', file: 'F', offset: 0 }] },
    'ops[0].length',
  ],
  [
    'a field of another op',
    {
      ...base,
      ops: [{ op: 'read', file: 'F', offset: 0, length: 1, wait: true }],
    },
    'ops[0].wait',
  ],
  [
    'an offset that is no size',
    { ...base, ops: [{ op: 'read', file: 'F', offset: '4Q', length: 1 }] },
    'ops[0].offset',
  ],
  [
    'an unknown fallocate mode',
    {
      ...base,
      ops: [
        { op: 'fallocate', file: 'F', offset: 0, length: 1, mode: 'unshare' },
      ],
    },
    'ops[0].mode',
  ],
  [
    'a pattern that is no byte',
    {
      ...base,
      ops: [{ op: 'write', file: 'F', offset: 0, length: 1, pattern: 'zeros' }],
    },
    'ops[0].pattern',
  ],
  [
    'wait not a boolean',
    { ...base, ops: [{ op: 'writeback', file: 'F', wait: 'yes' }] },
    'ops[0].wait',
  ],
];

describe('the scenario JSON Schema', () => {
  it.each(builtins.map((s) => [s.id, s] as const))(
    'accepts built-in %s, as the validator does, with or without $schema',
    (_id, scenario) => {
      expect(validateScenario(scenario).ok).toBe(true);
      expect(
        schemaAccepts(scenario),
        JSON.stringify(schemaAccepts.errors),
      ).toBe(true);
      const pointed = { $schema: './scenario.schema.json', ...scenario };
      expect(validateScenario(pointed).ok).toBe(true);
      expect(schemaAccepts(pointed)).toBe(true);
    },
  );

  it.each(INVALID)(
    'rejects %s where the validator does',
    (_what, input, path) => {
      const checked = validateScenario(input);
      expect(checked.ok).toBe(false);
      const errors = checked.ok ? [] : checked.errors;
      expect(errors.map((e) => e.path)).toContain(path);
      expect(schemaAccepts(input)).toBe(false);
      // The schema points at the same field, or (for a field that should not be there) at its object.
      const parent = path.replace(/(^[^.[\]]+|\.[^.[\]]+|\[\d+\])$/, '');
      expect(schemaErrorPaths()).toEqual(
        expect.arrayContaining([
          path === '(root)' ? '' : expect.stringMatching(`^${escape(parent)}`),
        ]),
      );
    },
  );

  it('never rejects a scenario the validator accepts (built-ins with fields changed at random)', () => {
    fc.assert(
      fc.property(mutatedBuiltin(), (input) => {
        if (validateScenario(input).ok)
          expect(
            schemaAccepts(input),
            JSON.stringify(schemaAccepts.errors),
          ).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
