// A Vitest reporter for `npm test`: writes every test pinned as a known bug (`it.fails`) to
// reports/vitest-known-bugs.json, so the closing line counts them as skipped and names them, instead of
// counting a test that fails on purpose as a pass.
import { mkdirSync, writeFileSync } from 'node:fs';

export const KNOWN_BUGS_FILE = 'reports/vitest-known-bugs.json';

export default class KnownBugsReporter {
  /** @param {ReadonlyArray<import('vitest/node').TestModule>} testModules */
  onTestRunEnd(testModules) {
    /** @type {{ name: string, file: string, state: string }[]} */
    const pinned = [];
    for (const module of testModules)
      for (const test of module.children.allTests())
        if (test.options.fails === true)
          pinned.push({
            name: test.fullName,
            file: module.relativeModuleId,
            state: test.result().state,
          });
    mkdirSync('reports', { recursive: true });
    writeFileSync(KNOWN_BUGS_FILE, `${JSON.stringify(pinned, null, 2)}\n`);
  }
}
