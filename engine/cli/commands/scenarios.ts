// `iomap-explorer scenarios`: list the built-in scenarios, as a table or as JSON.
// Read-only: it prints the library and touches no disk.

import { parseArgs } from 'node:util';
import { BUILTIN_SCENARIOS } from '../../scenario/library/index.ts';
import { VARIANT_IDS, type VariantId } from '../../scenario/types.ts';
import { printJson, UsageError, type Io } from '../output.ts';

export const SCENARIOS_HELP = `Usage:
  iomap-explorer scenarios [--json]   list the built-in scenarios (id, title, designs compared)

--json prints { schemaVersion, scenarios: [{ id, title, description, kernelFacts, designs }] }.`;

export function scenariosCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(SCENARIOS_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `scenarios takes no arguments, got: ${positionals.join(' ')}`,
    );

  const rows = BUILTIN_SCENARIOS.map((s) => ({
    id: s.id,
    title: s.title,
    description: s.description,
    kernelFacts: s.kernelFacts ?? null,
    designs: s.variants ?? VARIANT_IDS,
  }));
  if (values.json === true) {
    printJson(io, { scenarios: rows });
    return 0;
  }
  const table = [
    ['ID', 'TITLE', 'DESIGNS'],
    ...rows.map((r) => [r.id, r.title, designList(r.designs)]),
  ];
  const idWidth = Math.max(...table.map(([id = '']) => id.length));
  const titleWidth = Math.max(...table.map(([, title = '']) => title.length));
  io.out(
    table
      .map(([id = '', title = '', ds = '']) =>
        `${id.padEnd(idWidth)}  ${title.padEnd(titleWidth)}  ${ds}`.trimEnd(),
      )
      .join('\n'),
  );
  return 0;
}

function designList(variants: readonly VariantId[]): string {
  const all =
    variants.length === VARIANT_IDS.length &&
    VARIANT_IDS.every((v) => variants.includes(v));
  return all ? 'all' : variants.join(', ');
}
