// `npm test`'s closing line counts a test pinned as a known bug as skipped, by name, never as a pass.
import { describe, expect, it } from 'vitest';
import { playwrightCounts, vitestCounts } from './testCounts.mjs';

describe('vitestCounts', () => {
  const report = {
    numPassedTests: 10,
    numFailedTests: 1,
    numPendingTests: 0,
    numTodoTests: 0,
  };

  it('moves an it.fails test that failed as expected from passed to skipped, with its name', () => {
    expect(
      vitestCounts(report, [
        { name: 'bugs a leak', file: 'engine/x.test.ts', state: 'passed' },
      ]),
    ).toEqual({
      passed: 9,
      failed: 1,
      skipped: 1,
      knownBugs: ['engine/x.test.ts: bugs a leak'],
    });
  });

  it('leaves an it.fails test whose bug is gone a failure', () => {
    expect(
      vitestCounts(report, [
        { name: 'bugs a leak', file: 'engine/x.test.ts', state: 'failed' },
      ]),
    ).toEqual({ passed: 10, failed: 1, skipped: 0, knownBugs: [] });
  });
});

describe('playwrightCounts', () => {
  it('counts a test.fail() that failed as expected as skipped, named by file, describe and title', () => {
    const report = {
      stats: { expected: 3, unexpected: 0, flaky: 1, skipped: 1 },
      suites: [
        {
          title: 'a.spec.ts',
          specs: [
            {
              title: 'works',
              file: 'a.spec.ts',
              tests: [{ expectedStatus: 'passed', status: 'expected' }],
            },
          ],
          suites: [
            {
              title: 'the timeline',
              specs: [
                {
                  title: 'scrubs back',
                  file: 'a.spec.ts',
                  tests: [{ expectedStatus: 'failed', status: 'expected' }],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(playwrightCounts(report)).toEqual({
      passed: 3,
      failed: 0,
      skipped: 2,
      knownBugs: ['a.spec.ts: the timeline scrubs back'],
    });
  });
});
