// A small deterministic sample of `npm run hostile` (issue 18): the first cases of every input class, judged
// in this process. Each must end in a clear error, a correct result or EIO/EUCLEAN; a throw or a wrong answer
// fails. The long run, each case in a bounded child process, is `npm run hostile -- --cases N`.
import { describe, expect, it } from 'vitest';
import { CLASSES, makeCase } from './cases.ts';
import { judge } from './judge.ts';

const SAMPLE = 20;

describe('the hostile-input audit, a sample', () => {
  it('generates the same cases from the same seed', () => {
    for (const kind of CLASSES)
      expect(makeCase(kind, 5, 1)).toEqual(makeCase(kind, 5, 1));
  });

  it.each(CLASSES)(
    '%s: every case runs to a clear error, a correct result or EIO',
    async (kind) => {
      for (let i = 0; i < SAMPLE; i++) {
        const verdict = await judge(makeCase(kind, i, 1));
        expect(
          ['ok', 'refused', 'eio'],
          `${kind} case ${String(i)}: ${verdict.detail}`,
        ).toContain(verdict.outcome);
      }
    },
    120_000,
  );
});
