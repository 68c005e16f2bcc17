// `iomap-explorer compare <scenario-id|file.json>`: run a scenario under several designs and print, per
// operation, the result, the data oracle and the counters side by side; --json prints the same data.

import { parseArgs } from 'node:util';
import { createSimulation, describeOp } from '../../sim/simulation.ts';
import type { VariantId } from '../../scenario/types.ts';
import type { CountersRec } from '../../trace/records.ts';
import { loadScenario, parseVariant } from '../loadScenario.ts';
import { UsageError, type Io } from '../output.ts';

export const COMPARE_HELP = `Usage:
  iomap-explorer compare <scenario-id|file.json> [--variants a,b,...] [--json]

Runs the scenario under each design (default: the scenario's own designs) and prints one block per
operation: designs as columns; result, data oracle and every counter that is non-zero somewhere as rows.
--json prints { scenario, variants, operations: [{ op, description, byVariant }] }.
Exit code 0 even when a design loses data: that is a finding, not a failure.`;

interface VariantOutcome {
  readonly result: number;
  readonly errno: string | null;
  readonly oracleOk: boolean;
  readonly mismatches: readonly string[];
  readonly counters: CountersRec;
}

export function compareCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      variants: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(COMPARE_HELP);
    return 0;
  }
  const [ref, ...extra] = positionals;
  if (ref === undefined)
    throw new UsageError('compare needs a scenario id or a .json file');
  if (extra.length > 0)
    throw new UsageError(
      `compare takes one scenario, got extra arguments: ${extra.join(' ')}`,
    );
  const requested =
    values.variants === undefined ? null : parseVariantList(values.variants);

  const scenario = loadScenario(ref, io);
  if (scenario === null) return 1;
  const variants = requested ?? scenario.variants;

  const runs = variants.map((variant) =>
    createSimulation({ scenario, variant, trace: false }).runAll(),
  );
  const operations = scenario.ops.map((spec, op) => {
    const byVariant: Partial<Record<VariantId, VariantOutcome>> = {};
    variants.forEach((variant, i) => {
      const o = runs[i]?.[op];
      if (o === undefined) return;
      byVariant[variant] = {
        result: o.result,
        errno: o.error?.errno ?? null,
        oracleOk: o.oracle.ok,
        mismatches: o.oracle.mismatches,
        counters: o.counters,
      };
    });
    return { op, description: describeOp(spec), byVariant };
  });

  if (values.json === true) {
    io.out(
      JSON.stringify({ scenario: scenario.id, variants, operations }, null, 2),
    );
    return 0;
  }

  const lines = [`${scenario.id}: ${scenario.title}`];
  for (const { op, description, byVariant } of operations) {
    const cells = variants.map((v) => byVariant[v]);
    const rows: string[][] = [
      ['design', ...variants],
      [
        'result',
        ...cells.map((c) =>
          c === undefined ? '-' : (c.errno ?? String(c.result)),
        ),
      ],
      [
        'oracle',
        ...cells.map((c) =>
          c === undefined ? '-' : c.oracleOk ? 'ok' : 'LOSS',
        ),
      ],
    ];
    for (const name of counterNames(cells)) {
      rows.push([
        name,
        ...cells.map((c) => (c === undefined ? '-' : String(c.counters[name]))),
      ]);
    }
    lines.push('', `op ${String(op + 1)}: ${description}`, ...table(rows));
    for (const [i, c] of cells.entries())
      if (c !== undefined && !c.oracleOk)
        lines.push(
          `  ${variants[i] ?? ''} DATA LOSS: ${c.mismatches.join('; ')}`,
        );
  }
  io.out(lines.join('\n'));
  return 0;
}

function parseVariantList(text: string): readonly VariantId[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0)
    throw new UsageError('--variants needs at least one design');
  const out: VariantId[] = [];
  for (const name of names) {
    const v = parseVariant(name, '--variants');
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

type CounterName = Exclude<keyof CountersRec, 'op'>;

/** The counters that are non-zero for at least one design, in the record's order. */
function counterNames(
  cells: readonly (VariantOutcome | undefined)[],
): CounterName[] {
  const first = cells.find((c) => c !== undefined);
  if (first === undefined) return [];
  return (Object.keys(first.counters) as (keyof CountersRec)[]).filter(
    (name): name is CounterName =>
      name !== 'op' &&
      cells.some((c) => c !== undefined && c.counters[name] !== 0),
  );
}

/** Left-aligned first column, right-aligned numbers, two spaces between columns, indented two. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    `  ${row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')}`.trimEnd(),
  );
}
