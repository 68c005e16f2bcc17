// `npm run mutation`: StrykerJS over the engine's core folders (never part of `npm test`), at the lowest CPU
// priority, then the score per folder (printed and written to mutation/scores.md). One rule: results
// accumulate in mutation/incremental.json (commit it with scores.md), so each run retests only the mutants
// whose code or covering tests changed.
//
// Options: `npm run mutation -- --help` (USAGE below).
//
// Folders: pagecache, iomap, variants, oracle (engine/oracle/oracle.ts, durability.ts), btrfs; the default
// is all of them. --files mutates only those files (a `:start-end` suffix limits a file to those lines).
// --force retests every mutant in scope instead of reusing earlier results. --nice sets the CPU priority
// (default 19, the lowest; on a machine busy at nice 0 a run at 19 gets almost no CPU, 10 gets a fair slice).
// --ignore-static skips static mutants (code run only while a module loads: each one runs every test); they
// are counted apart, as not tested, never as killed or equivalent.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GROUPS,
  SCORES_PAGE,
  fileRows,
  formatRows,
  mutateFor,
  scoreRows,
  scoresPage,
} from './mutationScore.mjs';
import { carryStaticFlags } from './mutationStatic.mjs';

const REPORT = 'reports/mutation/mutation.json';
const INCREMENTAL = 'mutation/incremental.json';

const USAGE = `usage: npm run mutation -- [--folders pagecache,iomap,variants,oracle,btrfs]
    [--files engine/iomap/writeBegin.ts[:40-80],...] [--concurrency 1] [--nice 19] [--ignore-static] [--force]`;

/** The options, or the usage and an exit: 0 for --help, 2 for an option it does not know. */
function options() {
  try {
    return parseArgs({
      options: {
        folders: { type: 'string' },
        files: { type: 'string' },
        concurrency: { type: 'string', default: '1' },
        nice: { type: 'string', default: '19' },
        force: { type: 'boolean', default: false },
        'ignore-static': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(
      `mutation: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`,
    );
    process.exit(2);
  }
}

const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (values.folders !== undefined && values.files !== undefined) {
  console.error('mutation: give --folders or --files, not both');
  process.exit(2);
}
/** The files and globs to mutate, or a clear error (exit 2) for a folder it does not know. */
function mutateList() {
  if (values.files !== undefined) return values.files.split(',');
  try {
    return mutateFor(values.folders?.split(',') ?? GROUPS.map((g) => g.name));
  } catch (e) {
    console.error(`mutation: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}
const mutate = mutateList();

// The machine is shared: every process Stryker starts inherits this priority.
setPriority(Number(values.nice));

const stryker = join(
  dirname(
    createRequire(import.meta.url).resolve(
      '@stryker-mutator/core/package.json',
    ),
  ),
  'bin/stryker.js',
);
const args = [
  stryker,
  'run',
  'stryker.config.mjs',
  '--mutate',
  mutate.join(','),
  '--concurrency',
  values.concurrency,
  ...(values.force ? ['--force'] : []),
  ...(values['ignore-static'] ? ['--ignoreStatic'] : []),
];
console.log(`mutation: ${mutate.join(' ')}`);
// The results before the run, to carry the static flags Stryker's reuse drops (mutationStatic.mjs).
const before = existsSync(INCREMENTAL)
  ? JSON.parse(readFileSync(INCREMENTAL, 'utf8'))
  : { files: {} };
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (run.status !== 0 || !existsSync(REPORT)) {
  console.error(`mutation: Stryker failed (exit ${String(run.status)})`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
for (const file of [INCREMENTAL, REPORT]) {
  const results =
    file === REPORT ? report : JSON.parse(readFileSync(file, 'utf8'));
  if (carryStaticFlags(before, results) > 0)
    writeFileSync(file, JSON.stringify(results, null, 2));
}
const rows = scoreRows(report);
const files = fileRows(report, 'btrfs');
writeFileSync(SCORES_PAGE, scoresPage(rows, files));
console.log(
  `\nScore per folder (every folder's latest result; commit ${SCORES_PAGE} and mutation/incremental.json):\n`,
);
console.log(formatRows(rows));
if (files.length > 1) console.log(`\n${formatRows(files, 'file')}`);
