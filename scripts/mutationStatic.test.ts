// Stryker's reuse drops a static mutant's flag; `npm run mutation` carries it over, so a static mutant no test
// could see never turns into a survivor of a later run.
import { describe, expect, it } from 'vitest';
import { carryStaticFlags } from './mutationStatic.mjs';

const at = (line: number, column: number) => ({
  start: { line, column },
  end: { line, column: column + 4 },
});

describe('carrying static flags across runs', () => {
  it('marks a reused result static again, found by its text when lines above it moved', () => {
    const before = {
      files: {
        'engine/a.ts': {
          source: 'const A = 1;\nexport const WORD = "word";',
          mutants: [
            {
              mutatorName: 'StringLiteral',
              replacement: '""',
              status: 'Survived',
              static: true,
              location: at(2, 20),
            },
          ],
        },
      },
    };
    const moved = {
      mutatorName: 'StringLiteral',
      replacement: '""',
      status: 'Survived',
      static: false,
      location: at(3, 20),
    };
    const after = {
      files: {
        'engine/a.ts': {
          source: '// new\nconst A = 1;\nexport const WORD = "word";',
          mutants: [moved],
        },
      },
    };
    expect(carryStaticFlags(before, after)).toBe(1);
    expect(moved.static).toBe(true);
  });

  it('leaves a mutant whose text, change or status differs, or that was never static', () => {
    const mutant = (
      status: string,
      replacement: string,
      isStatic: boolean,
    ) => ({
      mutatorName: 'StringLiteral',
      replacement,
      status,
      static: isStatic,
      location: at(1, 20),
    });
    const before = {
      files: {
        'engine/a.ts': {
          source: 'export const WORD = "word";',
          mutants: [
            mutant('Survived', '""', true),
            mutant('Survived', '"x"', false),
          ],
        },
      },
    };
    const after = {
      files: {
        'engine/a.ts': {
          source: 'export const WORD = "word";',
          mutants: [
            mutant('Killed', '""', false),
            mutant('Survived', '"x"', false),
          ],
        },
        'engine/b.ts': {
          source: 'export const WORD = "text";',
          mutants: [mutant('Survived', '""', false)],
        },
      },
    };
    expect(carryStaticFlags(before, after)).toBe(0);
    expect(
      Object.values(after.files).flatMap((f) => f.mutants.map((m) => m.static)),
    ).toEqual([false, false, false]);
  });
});
