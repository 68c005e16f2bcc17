// Golden event logs: every built-in scenario under every design, committed as JSONL. A change to any log
// shows up in review; a missing one fails. Regenerate on purpose with UPDATE_GOLDEN=1 npm run test:unit --
// engine/sim/golden.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenario/library/index.ts';
import { VARIANT_IDS } from '../scenario/types.ts';
import { builtin } from '../testing/runScenario.ts';
import { createSimulation } from './simulation.ts';

const DIR = new URL('./golden/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden event logs', () => {
  for (const { id } of BUILTIN_SCENARIOS) {
    for (const variant of VARIANT_IDS) {
      it(`${id} under ${variant}`, () => {
        // Every commit is also checked against one regenerating every item: the log shows only one of them.
        const sim = createSimulation({
          scenario: builtin(id),
          variant,
          checkCommits: true,
        });
        sim.runAll();
        const log = sim.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
        const file = new URL(`${id}.${variant}.jsonl`, DIR);
        if (UPDATE) {
          mkdirSync(DIR, { recursive: true });
          writeFileSync(file, log);
        } else if (!existsSync(file))
          // A missing log fails, in CI or not: writing it here would make the test pass on what it checks.
          throw new Error(
            `missing golden log ${file.pathname}: if the scenario or design is new, create it with UPDATE_GOLDEN=1 npm run test:unit -- engine/sim/golden and review it`,
          );
        expect(log).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  it('has no log without a scenario and design (a renamed one would otherwise go unchecked)', () => {
    const expected = BUILTIN_SCENARIOS.flatMap(({ id }) =>
      VARIANT_IDS.map((variant) => `${id}.${variant}.jsonl`),
    );
    expect(readdirSync(DIR).sort()).toEqual(expected.sort());
  });
});
