// `npm test`: typecheck, lint, format check, unit tests (Vitest) and the browser suite (Playwright), then one
// combined closing line "N passed, N failed[, N skipped]". Every stage runs even when an earlier one fails;
// the exit code is non-zero if anything failed. Extra arguments are not accepted: run a stage's own script
// (npm run test:unit -- <filter>, npm run test:e2e -- <filter>) to run a subset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = 'reports';
mkdirSync(reports, { recursive: true });

/** @type {{ name: string, passed: number, failed: number, skipped: number }[]} */
const stages = [];

/** @param {string} command @param {string[]} args */
function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: process.env,
  });
  return result.status === 0;
}

/** @param {string} name @param {string} command @param {string[]} args */
function check(name, command, args) {
  console.log(`\n── ${name} ──`);
  const ok = run(command, args);
  stages.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

/**
 * @typedef {{ passed: number, failed: number, skipped: number }} Counts
 * @param {string} name @param {string} command @param {string[]} args @param {string} reportFile
 * @param {(report: any) => Counts} count reads the runner's JSON report
 */
function suite(name, command, args, reportFile, count) {
  console.log(`\n── ${name} ──`);
  rmSync(reportFile, { force: true });
  const ok = run(command, args);
  /** @type {Counts | null} */
  let counts = null;
  if (existsSync(reportFile)) {
    try {
      counts = count(JSON.parse(readFileSync(reportFile, 'utf8')));
    } catch (error) {
      console.error(
        `${name}: unreadable report ${reportFile}: ${String(error)}`,
      );
    }
  }
  if (counts === null) counts = { passed: 0, failed: 1, skipped: 0 };
  // A runner that failed without a failing test (a crash, a config error) still counts as a failure.
  if (!ok && counts.failed === 0) counts.failed = 1;
  stages.push({ name, ...counts });
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

check('typecheck', process.execPath, ['scripts/typecheck.mjs']);
check('lint', npx, ['eslint', '.', '--max-warnings=0']);
check('format', npx, ['prettier', '--check', '.']);
suite(
  'unit tests (vitest)',
  npx,
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reports}/vitest.json`,
  ],
  `${reports}/vitest.json`,
  (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  }),
);
suite(
  'browser tests (playwright)',
  npx,
  ['playwright', 'test'],
  `${reports}/playwright.json`,
  (r) => ({
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected,
    skipped: r.stats.skipped,
  }),
);

const total = stages.reduce(
  (t, s) => ({
    passed: t.passed + s.passed,
    failed: t.failed + s.failed,
    skipped: t.skipped + s.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('\n── summary ──');
for (const s of stages) {
  console.log(
    `${s.failed > 0 ? 'FAIL' : 'ok  '} ${s.name}: ${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`,
  );
}
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed > 0 ? 1 : 0);
