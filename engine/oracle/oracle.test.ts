// The data oracle's model of a scenario's files and the words it uses where a file and the model differ.
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { fillByte } from '../scenario/initialContent.ts';
import { validateScenario } from '../scenario/validate.ts';
import { compareFile, compareSparse, DataOracle } from './oracle.ts';
import { differences } from './sparseDiff.ts';
import { SparseFile } from './sparseFile.ts';

const K = 1024;

function sparse(bytes: Uint8Array): SparseFile {
  const f = new SparseFile();
  f.write(0, bytes);
  return f;
}

function oracle(): DataOracle {
  const v = validateScenario({
    id: 'oracle-model',
    title: 'Data, prealloc and a hole',
    description:
      'A 24K file: data, 8K of prealloc, an 8K hole; and a second file.',
    files: [
      {
        name: 'F',
        size: '24K',
        extents: [
          { offset: 0, length: '8K', disk: 'X' },
          { offset: '8K', length: '8K', disk: 'P', type: 'prealloc' },
        ],
      },
      { name: 'G', size: '4K', extents: [] },
    ],
    ops: [{ op: 'read', file: 'F', offset: 0, length: '4K' }],
  });
  if (!v.ok) throw new Error(v.errors[0]?.message);
  return new DataOracle(v.scenario);
}

describe('the data oracle', () => {
  it('models a file as its data, with prealloc and holes reading zeros', () => {
    const f = oracle().expected('F');
    expect(f.size).toBe(24 * K);
    const want = new Uint8Array(24 * K);
    for (let i = 0; i < 8 * K; i++) want[i] = fillByte('pattern', i);
    expect(f.slice(0, 24 * K)).toEqual(want);
  });

  it('follows writes, zeroing, copies and size changes', () => {
    const o = oracle();
    o.write('G', 100, new Uint8Array(10).fill(5));
    o.zero('G', 104, 106);
    o.copy('G', 100, 10, 4096);
    o.resize('G', 4100);
    const want = new Uint8Array(4100);
    want.fill(5, 100, 110).fill(0, 104, 106).fill(5, 4096, 4100);
    expect(o.expected('G').slice(0, 4100)).toEqual(want);
    o.replace('G', sparse(new Uint8Array(3).fill(1)));
    expect(o.expected('G').size).toBe(3);
  });

  it('refuses a file the scenario does not have, as a broken invariant', () => {
    const o = oracle();
    expect(() => {
      o.write('H', 0, new Uint8Array(1));
    }).toThrow(new InvariantError('oracle: unknown file H'));
  });
});

describe('the mismatch words', () => {
  const a = new Uint8Array([1, 2, 3, 4, 5, 6]);

  it('finds nothing in equal files', () => {
    const ok = { ok: true, mismatches: [] };
    expect(compareFile('F', a, a.slice())).toEqual(ok);
    expect(compareSparse('F', sparse(a), sparse(a.slice()))).toEqual(ok);
  });

  it('names each differing range, and the size only when it differs', () => {
    const b = new Uint8Array([1, 9, 9, 4, 5, 0]);
    const want = {
      ok: false,
      mismatches: [
        'F: bytes [1, 3) differ: expected 0x2, the file reads 0x9',
        'F: bytes [5, 6) differ: expected 0x6, the file reads 0x0',
      ],
    };
    expect(compareFile('F', a, b)).toEqual(want);
    expect(compareSparse('F', sparse(a), sparse(b))).toEqual(want);
    const short = a.slice(0, 4);
    const shorter = {
      ok: false,
      mismatches: ['F: size is 4, expected 6'],
    };
    expect(compareFile('F', a, short)).toEqual(shorter);
    expect(compareSparse('F', sparse(a), sparse(short))).toEqual(shorter);
  });
});

describe('differences', () => {
  const diff = (
    a: Uint8Array,
    b: Uint8Array,
    pastEnd: 'differs' | 'ignore',
  ) => [...differences(sparse(a), sparse(b), a.length, pastEnd)];
  const a = new Uint8Array([1, 2, 3, 4, 5, 6]);

  it('yields nothing for equal files', () => {
    expect(diff(a, a.slice(), 'ignore')).toEqual([]);
    expect(diff(a, a.slice(), 'differs')).toEqual([]);
  });

  it('counts the bytes past the shorter file as differing, joined to a difference just before', () => {
    expect(diff(a, new Uint8Array([1, 2, 3]), 'differs')).toEqual([[3, 6]]);
    expect(diff(a, new Uint8Array([1, 2, 0]), 'differs')).toEqual([[2, 6]]);
    expect(diff(a, new Uint8Array([1, 0, 3]), 'differs')).toEqual([
      [1, 2],
      [3, 6],
    ]);
  });
});
