// How `npm test` (scripts/test.mjs) counts each runner's JSON report: passed, failed, skipped, and the
// tests pinned as known bugs (Vitest `it.fails`, Playwright `test.fail`), which pass only by failing and
// are therefore counted as skipped and listed by name, never as passes.

/**
 * @typedef {{ passed: number, failed: number, skipped: number, knownBugs: string[] }} Counts
 * @typedef {{ name: string, file: string, state: string }} PinnedTest
 */

/**
 * @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number }} report
 * @param {PinnedTest[]} pinned from scripts/knownBugsReporter.mjs
 * @returns {Counts}
 */
export function vitestCounts(report, pinned) {
  // An it.fails test whose body failed is reported as passed: move it to skipped. One whose body passed
  // (the bug is gone) is reported as failed and stays a failure, so the pin gets removed.
  const known = pinned.filter((t) => t.state === 'passed');
  return {
    passed: report.numPassedTests - known.length,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests + known.length,
    knownBugs: known.map((t) => `${t.file}: ${t.name}`),
  };
}

/**
 * @typedef {{ expectedStatus: string, status: string }} PwTest
 * @typedef {{ title: string, file?: string, specs?: { title: string, file: string, tests: PwTest[] }[], suites?: PwSuite[] }} PwSuite
 * @param {{ stats: { expected: number, unexpected: number, flaky: number, skipped: number }, suites?: PwSuite[] }} report
 * @returns {Counts}
 */
export function playwrightCounts(report) {
  /** @type {string[]} */
  const knownBugs = [];
  /** @param {PwSuite[]} suites @param {string[]} path */
  const walk = (suites, path) => {
    for (const suite of suites) {
      const here = suite.title === '' ? path : [...path, suite.title];
      for (const spec of suite.specs ?? [])
        for (const test of spec.tests)
          if (test.expectedStatus === 'failed' && test.status === 'expected')
            knownBugs.push(
              `${spec.file}: ${[...here.slice(1), spec.title].join(' ')}`,
            );
      walk(suite.suites ?? [], here);
    }
  };
  walk(report.suites ?? [], []);
  return {
    passed: report.stats.expected + report.stats.flaky - knownBugs.length,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped + knownBugs.length,
    knownBugs,
  };
}
