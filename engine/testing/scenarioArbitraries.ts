// fast-check generators of scenario-shaped input for property tests: the built-ins as plain JSON, and
// built-ins with one value changed or one key removed somewhere (mostly valid-looking, often not valid).

import fc from 'fast-check';
import { BUILTIN_SCENARIOS } from '../scenario/library/index.ts';

/** Built-ins as plain JSON, the way a user's file would arrive. */
export function builtinsAsJson(): Record<string, unknown>[] {
  return BUILTIN_SCENARIOS.map(
    (s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>,
  );
}

/** A built-in with one value somewhere replaced by another JSON value, or one object key removed. */
export function mutatedBuiltin(): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.constantFrom(...builtinsAsJson()),
      fc.nat(),
      fc.oneof(
        { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            '4K',
            '64K',
            0,
            512,
            4096,
            1,
            -1,
            1.5,
            '',
            'srcmap',
            'F',
            true,
          ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    )
    .map(([scenario, pick, value]) => replaceAt(scenario, pick, value));
}

/** A deep copy of `root` with its `pick`-th value (in a depth-first walk) replaced; undefined deletes it. */
function replaceAt(root: unknown, pick: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((item, i) => {
        slots.push([v, i]);
        walk(item);
      });
    else if (typeof v === 'object' && v !== null)
      for (const [k, item] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(item);
      }
  };
  walk(copy);
  const slot = slots[pick % slots.length];
  if (slot === undefined) return copy;
  const [holder, key] = slot;
  if (Array.isArray(holder) && typeof key === 'number') {
    if (value === undefined) holder.splice(key, 1);
    else holder[key] = value;
  } else if (!Array.isArray(holder) && typeof key === 'string') {
    if (value === undefined) Reflect.deleteProperty(holder, key);
    else holder[key] = value;
  }
  return copy;
}
