import { describe, expect, it } from 'vitest';
import { createSimulation, findBuiltin, validateScenario } from '@engine';
import {
  changeKind,
  fieldsOf,
  fieldWarning,
  newOp,
  OP_KINDS,
  parseField,
} from './opForms.ts';

const base = findBuiltin('S2');

function withOps(ops: readonly unknown[]) {
  return validateScenario({ ...base, id: 'S2-edited', ops });
}

describe('the operations editor model', () => {
  it('offers every op of the scenario format', () => {
    expect([...OP_KINDS].sort()).toEqual(
      [
        'clone-range',
        'commit',
        'complete-io',
        'copy-range',
        'dedupe-range',
        'drop-caches',
        'fallocate',
        'fsync',
        'power-cut',
        'read',
        'remount',
        'sync',
        'truncate',
        'write',
        'writeback',
      ].sort(),
    );
    expect(fieldsOf('fallocate').map(([n]) => n)).toEqual([
      'file',
      'mode',
      'offset',
      'length',
      'keepSize',
    ]);
  });

  it('makes a new op of each kind that the validator accepts', () => {
    const v = withOps(OP_KINDS.map((k) => newOp(k, 'F')));
    expect(v.ok ? [] : v.errors).toEqual([]);
  });

  it('keeps the shared fields when the kind changes', () => {
    const row = changeKind(
      { op: 'write', file: 'F', offset: 100, length: 200 },
      'clone-range',
      'F',
    );
    expect(row).toEqual({
      op: 'clone-range',
      file: 'F',
      srcOffset: 0,
      offset: 100,
      length: 200,
    });
  });

  it('reads numbers (negative too), sizes and fills from the text fields', () => {
    const [, offset] = fieldsOf('write').find(([n]) => n === 'offset') ?? [];
    const [, pattern] = fieldsOf('write').find(([n]) => n === 'pattern') ?? [];
    if (offset === undefined || pattern === undefined) throw new Error('no');
    expect(parseField(offset, '-5')).toBe(-5);
    expect(parseField(offset, '4K')).toBe('4K');
    expect(parseField(offset, ' ')).toBeUndefined();
    expect(parseField(pattern, '7')).toEqual({ byte: 7 });
    expect(parseField(pattern, 'op-index')).toBe('op-index');
    expect(fieldWarning(offset, -5)).toContain('EINVAL');
    expect(fieldWarning(offset, 4096)).toBeNull();
  });

  it('a negative offset runs and the write returns EINVAL, as the README says', () => {
    const v = withOps([{ op: 'write', file: 'F', offset: -5, length: 100 }]);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const sim = createSimulation({ scenario: v.scenario, variant: 'srcmap' });
    const [outcome] = sim.runAll();
    expect(outcome?.error?.errno).toBe('EINVAL');
  });
});
