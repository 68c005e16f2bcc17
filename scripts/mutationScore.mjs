// The mutation-testing folders and the per-folder score table of `npm run mutation`, read from Stryker's JSON
// report. One rule: the score is Stryker's (killed + timeout) / (killed + timeout + survived + no coverage).
//
//   node scripts/mutationScore.mjs [reports/mutation/mutation.json] [--write mutation/scores.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folders under mutation testing, smallest first, and the source files each one mutates. */
export const GROUPS = [
  { name: 'pagecache', files: ['engine/pagecache/**/*.ts'] },
  { name: 'iomap', files: ['engine/iomap/**/*.ts'] },
  { name: 'variants', files: ['engine/variants/**/*.ts'] },
  // The data oracle (with the sparse model of the expected file and its diff) and the durability oracle:
  // the tests' judges of what a file must contain.
  {
    name: 'oracle',
    files: [
      'engine/oracle/oracle.ts',
      'engine/oracle/sparseFile.ts',
      'engine/oracle/sparseDiff.ts',
      'engine/oracle/durability.ts',
    ],
  },
  { name: 'btrfs', files: ['engine/btrfs/**/*.ts'] },
];

const NOT_TESTS = '!engine/**/*.test.ts';

/** Stryker `mutate` globs for some groups (by name, or by folder such as `engine/pagecache`). */
export function mutateFor(/** @type {string[]} */ names) {
  /** @type {string[]} */
  const globs = [];
  for (const name of names) {
    const group = GROUPS.find(
      (g) => g.name === name || g.files[0]?.startsWith(`${name}/`),
    );
    if (group === undefined)
      throw new Error(
        `unknown folder "${name}": one of ${GROUPS.map((g) => g.name).join(', ')}`,
      );
    globs.push(...group.files);
  }
  return [...globs, NOT_TESTS];
}

export const MUTATE_ALL = mutateFor(GROUPS.map((g) => g.name));

/** The group a source file belongs to, or undefined. */
export function groupOf(/** @type {string} */ file) {
  return GROUPS.find((g) =>
    g.files.some((glob) =>
      glob.endsWith('/**/*.ts')
        ? file.startsWith(glob.slice(0, -'**/*.ts'.length))
        : file === glob,
    ),
  )?.name;
}

/** Stryker's reason for a static mutant skipped under `ignoreStatic` (status Ignored, but not equivalent). */
const STATIC_SKIPPED = /^Static mutant/;

/**
 * A static mutant that "survived": code run while a module loads that a test also covers (the module was
 * imported inside a test, as the CLI's lazy command imports in run.test.ts do). Under `ignoreStatic` Stryker
 * runs such a "hybrid" mutant with runtime activation only, and the module, already loaded, never runs the
 * mutated code: no test saw the mutant, so it is counted with the static mutants not tested.
 */
const staticUntested = (/** @type {MutantResult} */ m) =>
  (m.status === 'Ignored' && STATIC_SKIPPED.test(m.statusReason ?? '')) ||
  (m.status === 'Survived' && m.static === true);

/**
 * @typedef {{ status: string, statusReason?: string, static?: boolean }} MutantResult
 * @typedef {{ files: Record<string, { mutants: MutantResult[] }> }} MutationReport
 * @typedef {{ folder: string, killed: number, survived: number, noCoverage: number, timeout: number,
 *   equivalent: number, staticSkipped: number, errors: number, total: number, score: number | null }} Row
 */

/**
 * One row per folder (in GROUPS order, only folders with mutants) and a total row. Mutants disabled with a
 * `// Stryker disable ... : reason` comment (status Ignored) are the equivalent ones; static mutants a run
 * skipped (`--ignore-static`, also Ignored) and static mutants no test could activate (see staticUntested)
 * are counted apart as not tested; compile and runtime errors are
 * not mutants a test could kill. All three stay out of the score, as in Stryker's own score.
 * @param {MutationReport} report
 * @param {string} cwd to make absolute file names relative
 * @returns {Row[]}
 */
export function scoreRows(report, cwd = process.cwd()) {
  const order = [...GROUPS.map((g) => g.name), 'other'];
  return withScores(
    [...tally(report, cwd, (file) => groupOf(file) ?? 'other').values()].sort(
      (a, b) => order.indexOf(a.folder) - order.indexOf(b.folder),
    ),
    'total',
  );
}

/**
 * One row per source file of one folder (by path, only files with mutants) and the folder's row: the table
 * a folder too big for one run is measured by, file by file.
 * @param {MutationReport} report
 * @param {string} folder a GROUPS name, e.g. 'btrfs'
 * @param {string} cwd to make absolute file names relative
 * @returns {Row[]}
 */
export function fileRows(report, folder, cwd = process.cwd()) {
  return withScores(
    [
      ...tally(report, cwd, (file) =>
        groupOf(file) === folder ? file : undefined,
      ).values(),
    ].sort((a, b) => a.folder.localeCompare(b.folder)),
    folder,
  );
}

/** The rows of `rows` and their total (named `total`), each with its score. */
function withScores(/** @type {Row[]} */ rows, /** @type {string} */ total) {
  const sum = emptyRow(total);
  for (const r of rows)
    for (const k of /** @type {const} */ ([
      'killed',
      'survived',
      'noCoverage',
      'timeout',
      'equivalent',
      'staticSkipped',
      'errors',
      'total',
    ]))
      sum[k] += r[k];
  const out = [...rows, sum];
  for (const r of out) {
    const valid = r.killed + r.timeout + r.survived + r.noCoverage;
    r.score = valid === 0 ? null : (100 * (r.killed + r.timeout)) / valid;
  }
  return out;
}

/** @returns {Row} */
function emptyRow(/** @type {string} */ folder) {
  return {
    folder,
    killed: 0,
    survived: 0,
    noCoverage: 0,
    timeout: 0,
    equivalent: 0,
    staticSkipped: 0,
    errors: 0,
    total: 0,
    score: null,
  };
}

/**
 * The mutants of each source file counted under `keyOf(its relative path)`, files keyed undefined left out.
 * @param {MutationReport} report
 * @param {string} cwd
 * @param {(file: string) => string | undefined} keyOf
 */
function tally(report, cwd, keyOf) {
  /** @type {Map<string, Row>} */
  const rows = new Map();
  for (const [name, file] of Object.entries(report.files)) {
    const relative = name.startsWith(`${cwd}/`)
      ? name.slice(cwd.length + 1)
      : name;
    const key = keyOf(relative);
    if (key === undefined) continue;
    const row = rows.get(key) ?? emptyRow(key);
    rows.set(key, row);
    for (const mutant of file.mutants) {
      row.total++;
      if (mutant.status === 'Killed') row.killed++;
      else if (staticUntested(mutant)) row.staticSkipped++;
      else if (mutant.status === 'Survived') row.survived++;
      else if (mutant.status === 'NoCoverage') row.noCoverage++;
      else if (mutant.status === 'Timeout') row.timeout++;
      else if (mutant.status === 'Ignored') row.equivalent++;
      else row.errors++;
    }
  }
  return rows;
}

/** A Markdown table of the rows (it goes into docs/testing.md as printed). */
export function formatRows(
  /** @type {Row[]} */ rows,
  /** @type {string} */ first = 'folder',
) {
  const head = [
    first,
    'score',
    'killed',
    'timeout',
    'survived',
    'no coverage',
    'equivalent',
    'static, untested',
    'errors',
    'mutants',
  ];
  const body = rows.map((r) => [
    r.folder,
    r.score === null ? 'n/a' : `${r.score.toFixed(1)}%`,
    ...[
      r.killed,
      r.timeout,
      r.survived,
      r.noCoverage,
      r.equivalent,
      r.staticSkipped,
      r.errors,
      r.total,
    ].map(String),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)),
  );
  const line = (/** @type {string[]} */ cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

/** The committed page of the latest scores (mutation/scores.md): the folders, then btrfs file by file. */
export function scoresPage(
  /** @type {Row[]} */ rows,
  /** @type {Row[]} */ btrfsFiles = [],
) {
  return [
    '# Mutation scores',
    '',
    'Written by `npm run mutation` from its latest results (every folder, reused results included); how to',
    'run it and what the columns mean: [docs/testing.md](../docs/testing.md#mutation-testing).',
    '',
    formatRows(rows),
    '',
    ...(btrfsFiles.length > 1
      ? [
          '## btrfs, file by file',
          '',
          'Only the files measured so far; the last row is their sum.',
          '',
          formatRows(btrfsFiles, 'file'),
          '',
        ]
      : []),
  ].join('\n');
}

export const SCORES_PAGE = 'mutation/scores.md';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const write = args.indexOf('--write');
  const target = write >= 0 ? args.splice(write, 2)[1] : undefined;
  const file = args[0] ?? 'reports/mutation/mutation.json';
  /** @type {MutationReport} */
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const rows = scoreRows(report);
  const files = fileRows(report, 'btrfs');
  if (target !== undefined) writeFileSync(target, scoresPage(rows, files));
  console.log(formatRows(rows));
  if (files.length > 1) console.log(`\n${formatRows(files, 'file')}`);
}
