// Which designs a scenario offers, and what compare runs across filesystems.

import { describe, expect, it } from 'vitest';
import {
  builtinFilesystem,
  builtinFor,
  compareChoices,
  compareSource,
  designsFor,
  twinOf,
} from './designChoice.ts';

describe('designChoice', () => {
  it('offers btrfs designs for btrfs scenarios and xfs for XFS ones', () => {
    expect(designsFor('btrfs')).toEqual([
      'legacy',
      'v1-posted',
      'srcmap',
      'nested-apply',
      'srcaddr',
    ]);
    expect(designsFor('xfs')).toEqual(['xfs']);
    expect(builtinFilesystem('x2')).toBe('xfs');
    expect(builtinFilesystem('S2')).toBe('btrfs');
    expect(builtinFilesystem('nope')).toBeUndefined();
  });

  it('pairs each XFS built-in with its btrfs twin, both ways', () => {
    expect(twinOf('X2')).toBe('S2');
    expect(twinOf('s4')).toBe('X4');
    expect(twinOf('S3')).toBeUndefined();
  });

  it('compare runs the twin on the other filesystem, or nothing without one', () => {
    const s2 = { kind: 'builtin', id: 'S2' } as const;
    expect(compareSource(s2, 'btrfs', 'legacy')).toBe(s2);
    expect(compareSource(s2, 'btrfs', 'xfs')).toEqual({
      kind: 'builtin',
      id: 'X2',
    });
    expect(
      compareSource({ kind: 'builtin', id: 'S3' }, 'btrfs', 'xfs'),
    ).toBeNull();
    expect(
      compareSource({ kind: 'inline', json: '{}' }, 'xfs', 'srcmap'),
    ).toBeNull();
    expect(builtinFor('X2', 'srcmap')).toBe('S2');
    expect(() => builtinFor('S3', 'xfs')).toThrow(/no version/);
  });

  it('lists compare choices with the scenario each runs', () => {
    const x2 = compareChoices({ kind: 'builtin', id: 'X2' }, 'xfs');
    expect(x2.map((c) => `${c.design}:${String(c.runs)}`)).toEqual([
      'legacy:S2',
      'v1-posted:S2',
      'srcmap:S2',
      'nested-apply:S2',
      'srcaddr:S2',
      'xfs:null',
    ]);
    const s3 = compareChoices({ kind: 'builtin', id: 'S3' }, 'btrfs');
    expect(s3.map((c) => c.design)).not.toContain('xfs');
  });
});
