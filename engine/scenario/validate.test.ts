import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from './types.ts';
import { VARIANT_IDS } from './types.ts';
import {
  formatScenarioErrors,
  parseScenarioJson,
  validateScenario,
  type ScenarioFieldError,
  type ValidationResult,
} from './validate.ts';

const MINIMAL = {
  id: 'mini',
  title: 'Minimal',
  description: 'One file, one write.',
  files: [{ name: 'F', size: '16K', extents: [{ offset: 0, length: '16K' }] }],
  ops: [{ op: 'write', file: 'F', offset: 4096, length: 4096 }],
} satisfies ScenarioSpec;

/** MINIMAL with some fields replaced (or removed, with undefined). */
function withFields(over: Record<string, unknown>): unknown {
  const merged: Record<string, unknown> = { ...MINIMAL, ...over };
  return Object.fromEntries(
    Object.entries(merged).filter(([, v]) => v !== undefined),
  );
}
function withFile(file: Record<string, unknown>): unknown {
  return withFields({ files: [{ ...MINIMAL.files[0], ...file }] });
}
function withOp(op: unknown): unknown {
  return withFields({ ops: [op] });
}

function errorsOf(result: ValidationResult): readonly ScenarioFieldError[] {
  if (result.ok) throw new Error('expected validation errors, got a scenario');
  return result.errors;
}

/** Asserts the input fails with an error at exactly `path` whose message contains `fragment`. */
function expectError(input: unknown, path: string, fragment: string): void {
  const errors = errorsOf(validateScenario(input));
  expect(errors).toContainEqual({
    path,
    message: expect.stringContaining(fragment) as unknown,
  });
}

describe('validateScenario: defaults', () => {
  it('normalizes a minimal scenario with every default filled in', () => {
    const result = validateScenario(MINIMAL);
    expect(result).toEqual({
      ok: true,
      scenario: {
        id: 'mini',
        title: 'Minimal',
        description: 'One file, one write.',
        variants: VARIANT_IDS,
        seed: 1,
        geometry: {
          pageSize: 4096,
          sectorSize: 4096,
          nodeSize: 16384,
          deviceSize: 64 * 1024 * 1024,
        },
        space: { dataUsedByOthers: 0 },
        files: [
          {
            name: 'F',
            size: 16384,
            flags: [],
            extents: [
              {
                offset: 0,
                length: 16384,
                type: 'regular',
                disk: 'E0',
                diskOffset: 0,
                shared: false,
              },
            ],
            fill: 'pattern',
            cached: [],
          },
        ],
        ops: [
          {
            op: 'write',
            file: 'F',
            offset: 4096,
            length: 4096,
            pattern: 'op-index',
          },
        ],
      },
    });
  });

  it('keeps kernelFacts only when given, and defaults writeback.wait to true', () => {
    const r = validateScenario(
      withFields({
        kernelFacts: 'S1',
        ops: [{ op: 'writeback', file: 'F' }, { op: 'complete-io' }],
      }),
    );
    if (!r.ok) throw new Error(formatScenarioErrors(r.errors));
    expect(r.scenario.kernelFacts).toBe('S1');
    expect(r.scenario.ops).toEqual([
      { op: 'writeback', file: 'F', wait: true },
      { op: 'complete-io' },
    ]);
    const plain = validateScenario(MINIMAL);
    expect(plain.ok && 'kernelFacts' in plain.scenario).toBe(false);
  });

  it('names unnamed disk extents E<n> across the scenario, skipping names in use, and sorts extents', () => {
    const r = validateScenario(
      withFields({
        files: [
          {
            name: 'A',
            size: '16K',
            extents: [
              { offset: '8K', length: '4K' },
              { offset: 0, length: '4K', disk: 'E1' },
            ],
          },
          { name: 'B', size: '4K', extents: [{ offset: 0, length: '4K' }] },
        ],
        ops: [],
      }),
    );
    if (!r.ok) throw new Error(formatScenarioErrors(r.errors));
    expect(r.scenario.files.map((f) => f.extents.map((e) => e.disk))).toEqual([
      ['E1', 'E0'],
      ['E2'],
    ]);
  });

  it('accepts size strings and negative or fractional op numbers (EINVAL at run time)', () => {
    const r = validateScenario(
      withFields({
        ops: [
          { op: 'write', file: 'F', offset: -1, length: 0.5 },
          { op: 'read', file: 'F', offset: '4K', length: '1K' },
        ],
      }),
    );
    if (!r.ok) throw new Error(formatScenarioErrors(r.errors));
    expect(r.scenario.ops[0]).toMatchObject({ offset: -1, length: 0.5 });
    expect(r.scenario.ops[1]).toMatchObject({ offset: 4096, length: 1024 });
  });
});

describe('validateScenario: the root', () => {
  it('rejects a non-object', () => {
    expectError([], '(root)', 'must be an object');
    expectError(null, '(root)', 'got null');
  });
  it('rejects unknown fields at every level', () => {
    expectError(
      withFields({ unknownField: 1 }),
      'unknownField',
      'not a scenario field',
    );
    expectError(
      withFields({ geometry: { pagesize: 4096 } }),
      'geometry.pagesize',
      'not a geometry field',
    );
    expectError(withFile({ mode: 1 }), 'files[0].mode', 'not a file field');
    expectError(
      withFile({ extents: [{ offset: 0, length: '4K', kind: 'x' }] }),
      'files[0].extents[0].kind',
      'not a extent field',
    );
    expectError(
      withFile({ cached: [{ offset: 0, length: 1, x: 1 }] }),
      'files[0].cached[0].x',
      'not a cached range field',
    );
    // A key that would not read as one in a path is quoted, so the path still names it.
    expectError(withFields({ '': 1 }), '[""]', 'not a scenario field');
    expectError(
      withFields({ geometry: { 'page size': 4096 } }),
      'geometry["page size"]',
      'not a geometry field',
    );
    expectError(withFields({ geometry: null }), 'geometry', 'got null');
    expectError(
      withFields({ space: { free: 1 } }),
      'space.free',
      'not a space field',
    );
  });
  it('requires id, title, description, files and ops', () => {
    const errors = errorsOf(
      validateScenario(
        withFields({
          id: undefined,
          title: undefined,
          description: undefined,
          files: undefined,
          ops: undefined,
        }),
      ),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'id',
      'title',
      'description',
      'files',
      'ops',
    ]);
    expect(errors.map((e) => e.message)).toEqual(
      errors.map(() => 'is required'),
    );
  });
  it('checks the id pattern and non-empty strings', () => {
    expectError(withFields({ id: 'has space' }), 'id', '"has space"');
    expectError(withFields({ id: 'x'.repeat(41) }), 'id', '1 to 40');
    expectError(withFields({ title: '' }), 'title', 'non-empty string');
    expectError(withFields({ description: 3 }), 'description', 'got 3');
  });
  it('checks seed and variants', () => {
    expectError(withFields({ seed: -1 }), 'seed', 'non-negative integer');
    expectError(withFields({ seed: '4K' }), 'seed', 'got "4K"');
    expectError(withFields({ variants: [] }), 'variants', 'at least one');
    expectError(
      withFields({ variants: ['srcmap', 'xfs'] }),
      'variants[1]',
      '"xfs" is not a design',
    );
    expectError(
      withFields({ variants: ['srcmap', 'srcmap'] }),
      'variants[1]',
      'duplicate design "srcmap"',
    );
  });
  it('rejects an empty file list but allows an empty op list', () => {
    expectError(withFields({ files: [] }), 'files', 'at least one file');
    expect(validateScenario(withFields({ ops: [] })).ok).toBe(true);
  });
});

describe('validateScenario: geometry and space', () => {
  it('checks page, sector and node sizes', () => {
    expectError(
      withFields({ geometry: { pageSize: 5000 } }),
      'geometry.pageSize',
      'power of two from 4 KiB to 64 KiB, got 5000 bytes',
    );
    expectError(
      withFields({ geometry: { sectorSize: '8K' } }),
      'geometry.sectorSize',
      'from 512 bytes to 4 KiB, got 8 KiB',
    );
    expectError(
      withFields({ geometry: { sectorSize: 256 } }),
      'geometry.sectorSize',
      'from 512 bytes',
    );
    expectError(
      withFields({ geometry: { nodeSize: '128K' } }),
      'geometry.nodeSize',
      'to 64 KiB',
    );
    expectError(
      withFields({ geometry: { pageSize: '4Q' } }),
      'geometry.pageSize',
      '"4Q" is not a size',
    );
  });
  it('checks device and space sizes', () => {
    expectError(
      withFields({ geometry: { deviceSize: '1M' } }),
      'geometry.deviceSize',
      'from 4 MiB to 64 GiB',
    );
    // Earlier versions sized the space_infos; now chunks are allocated from the device on demand.
    expectError(
      withFields({ geometry: { dataSpace: '32M' } }),
      'geometry.dataSpace',
      'no longer a setting: the data space grows by chunks allocated from the device on demand',
    );
    expectError(
      withFields({ geometry: { metadataSpace: '16M' } }),
      'geometry.metadataSpace',
      'no longer a setting',
    );
  });
  it('checks dataUsedByOthers', () => {
    expectError(
      withFields({ space: { dataUsedByOthers: 100 } }),
      'space.dataUsedByOthers',
      'multiple of the sector size',
    );
    expectError(
      withFields({ space: { dataUsedByOthers: '64M' } }),
      'space.dataUsedByOthers',
      'less than geometry.deviceSize (64 MiB)',
    );
    expectError(
      withFields({ space: { dataFree: '4K', dataUsedByOthers: '4K' } }),
      'space.dataFree',
      'cannot be given together with space.dataUsedByOthers',
    );
    expectError(
      withFields({ space: { dataFree: 100 } }),
      'space.dataFree',
      'multiple of the sector size',
    );
  });
});

describe('validateScenario: files and extents', () => {
  it('checks names, sizes, flags, fill and cached ranges', () => {
    expectError(
      withFields({
        files: [MINIMAL.files[0], { name: 'F', size: 0 }],
      }),
      'files[1].name',
      'duplicate file name "F" (also files[0])',
    );
    expectError(withFile({ size: '2T' }), 'files[0].size', 'at most 1 TiB');
    expectError(withFile({ size: -4 }), 'files[0].size', 'got -4');
    expectError(
      withFile({ flags: ['NODATACOW', 'COMPRESS'] }),
      'files[0].flags[1]',
      '"COMPRESS" is not a file flag',
    );
    expectError(
      withFile({ flags: ['PREALLOC', 'PREALLOC'] }),
      'files[0].flags[1]',
      'duplicate flag',
    );
    expectError(
      withFile({ fill: { byte: 256 } }),
      'files[0].fill.byte',
      'integer from 0 to 255, got 256',
    );
    expectError(withFile({ fill: 'zeros' }), 'files[0].fill', '"pattern"');
    expectError(
      withFile({ cached: [{ offset: 0, length: 0 }] }),
      'files[0].cached[0].length',
      'greater than 0',
    );
  });
  it('checks extent alignment, length and type', () => {
    expectError(
      withFile({ extents: [{ offset: 100, length: '4K' }] }),
      'files[0].extents[0].offset',
      'multiple of the sector size (4 KiB), got 100 bytes',
    );
    expectError(
      withFile({ extents: [{ offset: 0, length: 0 }] }),
      'files[0].extents[0].length',
      'greater than 0',
    );
    expectError(
      withFile({ extents: [{ offset: 0, length: '4K', type: 'inline' }] }),
      'files[0].extents[0].type',
      'got "inline"',
    );
    expectError(
      withFile({ extents: [{ offset: 0, length: '4K', diskOffset: 512 }] }),
      'files[0].extents[0].diskOffset',
      'multiple of the sector size',
    );
    expectError(
      withFile({ extents: [{ offset: 0, length: '4K', shared: 'yes' }] }),
      'files[0].extents[0].shared',
      'true or false',
    );
  });
  it('names both extents when they overlap', () => {
    expectError(
      withFile({
        extents: [
          { offset: '8K', length: '8K' },
          { offset: 0, length: '12K' },
        ],
      }),
      'files[0].extents[1]',
      'overlaps files[0].extents[0]: [0, 12 KiB) and [8 KiB, 16 KiB)',
    );
  });
  it('requires one type per disk extent', () => {
    expectError(
      withFile({
        extents: [
          { offset: 0, length: '4K', disk: 'X' },
          { offset: '4K', length: '4K', disk: 'X', type: 'prealloc' },
        ],
      }),
      'files[0].extents[1].type',
      'disk extent "X" is prealloc here but regular at files[0].extents[0]',
    );
  });
});

describe('validateScenario: ops', () => {
  it('checks the op kind and its exact fields', () => {
    expectError(withOp({ file: 'F' }), 'ops[0].op', 'is required');
    expectError(
      withOp({ op: 'trim', file: 'F' }),
      'ops[0].op',
      '"trim" is not an op',
    );
    expectError(
      withOp({ op: 'writeback', file: 'F', offset: 0 }),
      'ops[0].offset',
      'not a writeback op field',
    );
    expectError(
      withOp({ op: 'complete-io', file: 'F' }),
      'ops[0].file',
      'not a complete-io op field',
    );
    expectError(withOp(7), 'ops[0]', 'must be an object');
  });
  it('requires a defined file', () => {
    expectError(
      withOp({ op: 'writeback', file: 'G' }),
      'ops[0].file',
      'no file named "G" (files: F)',
    );
    expectError(withOp({ op: 'writeback' }), 'ops[0].file', 'is required');
  });
  it('checks offsets, lengths, patterns and shortCopyAt', () => {
    const write = { op: 'write', file: 'F', offset: 0, length: '8K' };
    expectError(
      withOp({ ...write, offset: 'soon' }),
      'ops[0].offset',
      '"soon" is not a size',
    );
    expectError(
      withOp({ ...write, length: true }),
      'ops[0].length',
      'got true',
    );
    expectError(
      withOp({ op: 'read', file: 'F', offset: 0 }),
      'ops[0].length',
      'is required',
    );
    expectError(
      withOp({ ...write, pattern: { byte: 1.5 } }),
      'ops[0].pattern.byte',
      'got 1.5',
    );
    expectError(
      withOp({ ...write, shortCopyAt: '8K' }),
      'ops[0].shortCopyAt',
      "less than the write's length (8192), got 8192",
    );
    expectError(
      withOp({ ...write, shortCopyAt: -1 }),
      'ops[0].shortCopyAt',
      'non-negative integer',
    );
    expectError(
      withOp({ op: 'writeback', file: 'F', wait: 'no' }),
      'ops[0].wait',
      'true or false',
    );
  });
  it('does not blame ops for a file that is itself invalid', () => {
    const errors = errorsOf(validateScenario(withFile({ size: 'big' })));
    expect(errors).toEqual([
      {
        path: 'files[0].size',
        message: expect.stringContaining('"big"') as unknown,
      },
    ]);
  });
});

describe('reporting', () => {
  it('reports every error together, in document order', () => {
    const errors = errorsOf(
      validateScenario(
        withFields({
          id: '',
          seed: 1.5,
          geometry: { sectorSize: 3000 },
          ops: [
            { op: 'write', file: 'nope', offset: 0, length: 1 },
            { op: 'mmap' },
          ],
        }),
      ),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'id',
      'seed',
      'geometry.sectorSize',
      'ops[0].file',
      'ops[1].op',
    ]);
    expect(formatScenarioErrors(errors).split('\n')).toHaveLength(5);
    expect(formatScenarioErrors(errors)).toMatch(
      /^id: must be a non-empty string, got ""\nseed: /,
    );
  });

  it('turns a JSON syntax error into one error at (json) with the position', () => {
    const errors = errorsOf(parseScenarioJson('{"id": "x",, }'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('(json)');
    expect(errors[0]?.message).toMatch(/position \d+/);
  });

  it('parses and validates JSON text', () => {
    expect(parseScenarioJson(JSON.stringify(MINIMAL)).ok).toBe(true);
    expectError(JSON.parse('{"id": "x"}'), 'title', 'is required');
  });
});
