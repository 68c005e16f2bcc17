// `iomap-explorer compare <scenario-id|file.json>`: run a scenario under several designs and print, per
// operation, the result, the data oracle and the counters side by side; --json prints the same data.

import { parseArgs } from 'node:util';
import type { Errno } from '../../core/errno.ts';
import { describeOp } from '../../sim/describeOp.ts';
import { createSimulation } from '../../sim/simulation.ts';
import type { DesignId, Scenario } from '../../scenario/types.ts';
import { createXfsSimulation } from '../../sim/xfsSimulation.ts';
import type { CountersRec } from '../../trace/records.ts';
import {
  checkDesignFits,
  DESIGNS_OPTIONS,
  designsOption,
} from '../designOption.ts';
import { loadScenario } from '../loadScenario.ts';
import { printJson, UsageError, type Io } from '../output.ts';

export const COMPARE_HELP = `Usage:
  iomap-explorer compare <scenario-id|file.json> [--designs a,b,...] [--json]

Runs the scenario under each design (default: the scenario's own designs; xfs for an XFS scenario, whose
filesystem no btrfs design runs) and prints one block per
operation: designs as columns; result, data oracle and every counter that is non-zero somewhere as rows.
--variants is another name for --designs.
--json prints { schemaVersion, scenario, designs, operations: [{ op, description, byDesign }] }.
Exit code 0 even when a design loses data: that is a finding, not a failure.`;

interface DesignOutcome {
  readonly result: number;
  readonly errno: Errno | null;
  readonly oracleOk: boolean;
  readonly mismatches: readonly string[];
  readonly counters: CountersRec;
}

export function compareCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...DESIGNS_OPTIONS,
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
  const requested = designsOption(values);

  const scenario = loadScenario(ref, io);
  if (scenario === null) return 1;
  const designs: readonly DesignId[] =
    requested ?? (scenario.filesystem === 'xfs' ? ['xfs'] : scenario.variants);
  for (const design of designs) checkDesignFits(design, scenario);

  const runs = designs.map((design) => runDesign(scenario, design));
  const operations = scenario.ops.map((spec, op) => {
    const byDesign: Partial<Record<DesignId, DesignOutcome>> = {};
    designs.forEach((design, i) => {
      const o = runs[i]?.[op];
      if (o === undefined) return;
      byDesign[design] = {
        result: o.result,
        errno: o.error?.errno ?? null,
        oracleOk: o.oracle.ok,
        mismatches: o.oracle.mismatches,
        counters: o.counters,
      };
    });
    return { op, description: describeOp(spec), byDesign };
  });

  if (values.json === true) {
    printJson(io, { scenario: scenario.id, designs, operations });
    return 0;
  }

  const lines = [`${scenario.id}: ${scenario.title}`];
  for (const { op, description, byDesign } of operations) {
    const cells = designs.map((d) => byDesign[d]);
    const rows: string[][] = [
      ['design', ...designs],
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
          `  ${designs[i] ?? ''} DATA LOSS: ${c.mismatches.join('; ')}`,
        );
  }
  io.out(lines.join('\n'));
  return 0;
}

/** One design's outcomes: a btrfs design's simulation, or the XFS model's for an XFS scenario. */
function runDesign(scenario: Scenario, design: DesignId) {
  return design === 'xfs'
    ? createXfsSimulation({ scenario, trace: false }).runAll()
    : createSimulation({ scenario, variant: design, trace: false }).runAll();
}

type CounterName = Exclude<keyof CountersRec, 'op'>;

/** The counters that are non-zero for at least one design, in the record's order. */
function counterNames(
  cells: readonly (DesignOutcome | undefined)[],
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
