// parse ∘ write is the identity: any list of engine ops on one file, written as an fsx op log and read
// back, gives the same ops in the same places (fsx lines where fsx has the op, `#!` directives elsewhere).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizedOp } from '../testing/scenarioArbitraries.ts';
import { parseFsxLog } from './fsxParse.ts';
import { opsToFsxLog } from './fsxWrite.ts';
import type { Op } from './types.ts';

/** The op as a log line states it: the log is about one file, so its ops name none. */
function withoutFile(op: Op): Record<string, unknown> {
  return Object.fromEntries(Object.entries(op).filter(([k]) => k !== 'file'));
}

describe('the fsx op log (properties)', () => {
  it('reads back what opsToFsxLog writes', () => {
    fc.assert(
      fc.property(fc.array(normalizedOp('F'), { maxLength: 40 }), (ops) => {
        const parsed = parseFsxLog(opsToFsxLog(ops));
        expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
        const entries = parsed.ok ? parsed.value.entries : [];
        expect(entries.map((e) => e.op)).toEqual(ops.map(withoutFile));
      }),
      { numRuns: 300 },
    );
  });
});
