// `npm run crash:all`: the power-cut enumerator (`iomap-explorer crash`) over every built-in scenario, or
// the ones named, each under every correct design it names, one CLI run after another at low priority.
// Prints one line per scenario and design and a closing verdict; exits 1 on any violation or lost byte.
//
//   npm run crash:all -- [--scenarios S1,S5,enospc]
//
// Every scenario's JSON report goes to reports/crash-all/<scenario>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { scenarios: { type: 'string' } } });

/** @param {string[]} args */
function cli(args) {
  return spawnSync('nice', [process.execPath, 'engine/cli/bin.mjs', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** @typedef {{ design: string, cutPoints: number, runs: number, violations: unknown[], lostDurableBytes: number }} DesignReport */

/** @type {string[]} */
const ids =
  values.scenarios?.split(',') ??
  JSON.parse(cli(['scenarios', '--json']).stdout).scenarios.map(
    (/** @type {{ id: string }} */ s) => s.id,
  );
const out = 'reports/crash-all';
mkdirSync(out, { recursive: true });

let failed = 0;
let cuts = 0;
let runs = 0;
let designs = 0;
for (const id of ids) {
  const started = Date.now();
  const r = cli(['crash', id, '--json']);
  writeFileSync(`${out}/${id}.json`, r.stdout);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  /** @type {{ designs: DesignReport[] }} */
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    failed++;
    console.log(
      `FAIL ${id}: exit ${String(r.status)}, no report (see stderr above)`,
    );
    continue;
  }
  for (const d of report.designs) {
    designs++;
    cuts += d.cutPoints;
    runs += d.runs;
    const ok = d.violations.length === 0 && d.lostDurableBytes === 0;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${id} ${d.design}: ${String(d.cutPoints)} cut points, ${String(d.runs)} runs, ` +
        `${String(d.violations.length)} violations, ${String(d.lostDurableBytes)} fsync'ed bytes lost (${seconds} s for the scenario)`,
    );
  }
  if (r.status !== 0 && report.designs.every((d) => d.violations.length === 0))
    failed++;
}
console.log(
  failed === 0
    ? `crash:all: ${String(ids.length)} scenarios, ${String(designs)} scenario-design pairs, ${String(cuts)} cut points, ${String(runs)} runs, 0 violations`
    : `crash:all: ${String(failed)} failures over ${String(ids.length)} scenarios`,
);
process.exit(failed === 0 ? 0 : 1);
