// Stryker's incremental reuse keeps a mutant's status but drops its `static` flag, so a static mutant that
// "survived" untested (see mutationScore.mjs, staticUntested) would count as a real survivor in every later
// run that reused it. `npm run mutation` carries the flag over from the results before the run.
//
//   node scripts/mutationStatic.mjs <results before> <results after>   (rewrites <results after>)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ line: number, column: number }} Position
 * @typedef {{ mutatorName: string, replacement?: string, status: string, static?: boolean,
 *   location: { start: Position, end: Position } }} Mutant
 * @typedef {{ files: Record<string, { source: string, mutants: Mutant[] }> }} Results
 */

/** What makes a mutant the same one across runs when lines above it moved: its file, text and change. */
function identity(
  /** @type {string} */ file,
  /** @type {string[]} */ lines,
  /** @type {Mutant} */ m,
) {
  const { start, end } = m.location;
  return JSON.stringify([
    file,
    lines.slice(start.line - 1, end.line).join('\n'),
    start.column,
    end.column,
    m.mutatorName,
    m.replacement ?? '',
    m.status,
  ]);
}

/**
 * Marks static every mutant of `after` that was static in `before` with the same status, in the same text:
 * Stryker reused that result, since a changed line or retest would have given the flag afresh.
 * @param {Results} before
 * @param {Results} after
 * @returns {number} how many flags were carried
 */
export function carryStaticFlags(before, after) {
  /** @type {Set<string>} */
  const wasStatic = new Set();
  for (const [file, { source, mutants }] of Object.entries(before.files)) {
    const lines = source.split('\n');
    for (const m of mutants)
      if (m.static === true) wasStatic.add(identity(file, lines, m));
  }
  let carried = 0;
  for (const [file, { source, mutants }] of Object.entries(after.files)) {
    const lines = source.split('\n');
    for (const m of mutants)
      if (m.static !== true && wasStatic.has(identity(file, lines, m))) {
        m.static = true;
        carried++;
      }
  }
  return carried;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [beforeFile, afterFile] = process.argv.slice(2);
  if (beforeFile === undefined || afterFile === undefined) {
    console.error(
      'usage: node scripts/mutationStatic.mjs <results before> <results after>',
    );
    process.exit(2);
  }
  /** @type {Results} */
  const after = JSON.parse(readFileSync(afterFile, 'utf8'));
  const carried = carryStaticFlags(
    JSON.parse(readFileSync(beforeFile, 'utf8')),
    after,
  );
  writeFileSync(afterFile, JSON.stringify(after, null, 2));
  console.log(`${String(carried)} static flags carried into ${afterFile}`);
}
