// The validator's contract under any input: it never throws, and when it refuses a scenario every error
// names where (a path into the input) and what is wrong there.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedBuiltin } from '../testing/scenarioArbitraries.ts';
import { parseScenarioJson, validateScenario } from './validate.ts';

/** Checks the verdict's shape: the first segment of every path is a key of the input, or "(root)". */
function wellFormedVerdict(input: unknown): void {
  const verdict = validateScenario(input);
  if (verdict.ok) return;
  expect(verdict.errors.length).toBeGreaterThan(0);
  const keys =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? Object.keys(input)
      : [];
  for (const { path, message } of verdict.errors) {
    expect(message.trim()).not.toBe('');
    // The first segment: a plain key, or a quoted one (`["odd key"]`).
    const m = /^(?:\[("(?:[^"\\]|\\.)*")\]|([^.[]+))/.exec(path);
    const first = m?.[1] === undefined ? m?.[2] : (JSON.parse(m[1]) as string);
    expect(
      first === '(root)' ||
        (first !== undefined && keys.includes(first)) ||
        // A required field that is missing is named although the input has no such key.
        message === 'is required' ||
        message.startsWith('is required ') ||
        message.startsWith('must list'),
      `${path}: ${message}`,
    ).toBe(true);
  }
}

describe('validateScenario (properties)', () => {
  it('never throws and names a path for every error, on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), wellFormedVerdict), {
      numRuns: 500,
    });
  });

  it('never throws and names a path for every error, on built-ins changed at random', () => {
    fc.assert(fc.property(mutatedBuiltin(), wellFormedVerdict), {
      numRuns: 1000,
    });
  });

  it('never throws on any text given as a scenario file', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const verdict = parseScenarioJson(text);
        if (!verdict.ok)
          for (const e of verdict.errors) expect(e.path).not.toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
