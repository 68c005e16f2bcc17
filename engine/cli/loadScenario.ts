// Resolves a `<scenario-id|file.json>` argument to a validated Scenario: a built-in id first, else a JSON
// file read from disk. Problems are reported on io.err (unknown id, unreadable file, invalid fields).

import { existsSync } from 'node:fs';
import { readText } from './readText.ts';
import { BUILTIN_SCENARIOS, findBuiltin } from '../scenario/library/index.ts';
import type { Scenario } from '../scenario/types.ts';
import {
  formatScenarioErrors,
  parseScenarioJson,
  validateScenario,
} from '../scenario/validate.ts';
import type { Io } from './output.ts';

/** The scenario named by `ref`, or null after explaining on io.err why it cannot be loaded. */
export function loadScenario(ref: string, io: Io): Scenario | null {
  const builtin = findBuiltin(ref);
  if (builtin !== undefined) {
    const checked = validateScenario(builtin);
    if (!checked.ok) {
      io.err(
        `iomap-explorer: built-in scenario ${builtin.id} is invalid:\n${formatScenarioErrors(checked.errors)}`,
      );
      return null;
    }
    return checked.scenario;
  }
  if (!looksLikeFile(ref) && !existsSync(ref)) {
    io.err(
      `iomap-explorer: unknown scenario '${ref}'; built-in ids are: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')} (or give a .json file)`,
    );
    return null;
  }
  const text = readText(ref, 'scenario file', io);
  if (text === null) return null;
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) {
    io.err(
      `iomap-explorer: ${ref} is not a valid scenario:\n${formatScenarioErrors(parsed.errors)}`,
    );
    return null;
  }
  return parsed.scenario;
}

function looksLikeFile(ref: string): boolean {
  return ref.endsWith('.json') || ref.includes('/') || ref.includes('\\');
}
