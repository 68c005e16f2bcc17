// fast-check generators of scenario-shaped input for property tests: the built-ins as plain JSON, built-ins
// with one value changed or one key removed somewhere (mostly valid-looking, often not), and engine ops.

import fc from 'fast-check';
import { BUILTIN_SCENARIOS } from '../scenario/library/index.ts';
import { FALLOC_MODES, type Op, type RemapKind } from '../scenario/types.ts';

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

/** A number an op's offset or length may be: mostly byte counts, sometimes negative or fractional. */
function opNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: 2 ** 40 }) },
    { weight: 2, arbitrary: fc.integer({ min: -(2 ** 20), max: -1 }) },
    {
      weight: 1,
      arbitrary: fc
        .double({ min: -1e6, max: 1e12, noNaN: true, noDefaultInfinity: true })
        .filter((n) => !Object.is(n, -0)),
    },
  );
}

const byte = fc.integer({ min: 0, max: 255 }).map((b) => ({ byte: b }));

/** One engine op on file `file`, in the normalized form validateScenario returns (defaults filled). */
export function normalizedOp(file = 'F'): fc.Arbitrary<Op> {
  const range = {
    file: fc.constant(file),
    offset: opNumber(),
    length: opNumber(),
  };
  const remap = (op: RemapKind) =>
    fc.record({
      op: fc.constant(op),
      file: fc.constant(file),
      srcOffset: opNumber(),
      length: opNumber(),
      offset: opNumber(),
    });
  return fc.oneof(
    fc
      .record({
        op: fc.constant('write' as const),
        ...range,
        pattern: fc.oneof(fc.constant('op-index' as const), byte),
        shortCopyAt: fc.option(fc.nat({ max: 2 ** 20 }), { nil: undefined }),
      })
      .map(({ shortCopyAt, ...w }): Op =>
        shortCopyAt !== undefined &&
        Number.isFinite(w.length) &&
        shortCopyAt < w.length
          ? { ...w, shortCopyAt }
          : w,
      ),
    fc.record({ op: fc.constant('read' as const), ...range }),
    fc.record({
      op: fc.constant('writeback' as const),
      file: fc.constant(file),
      wait: fc.boolean(),
    }),
    fc.record({
      op: fc.constant('truncate' as const),
      file: fc.constant(file),
      size: opNumber(),
    }),
    fc.record({
      op: fc.constant('fallocate' as const),
      ...range,
      mode: fc.constantFrom(...FALLOC_MODES),
      keepSize: fc.boolean(),
    }),
    remap('clone-range'),
    remap('dedupe-range'),
    remap('copy-range'),
    fc.record({ op: fc.constant('fsync' as const), file: fc.constant(file) }),
    fc
      .option(fc.nat(), { nil: undefined })
      .map((seed): Op =>
        seed === undefined ? { op: 'power-cut' } : { op: 'power-cut', seed },
      ),
    fc.constantFrom<Op>(
      { op: 'complete-io' },
      { op: 'sync' },
      { op: 'commit' },
      { op: 'remount' },
      { op: 'drop-caches' },
    ),
  );
}
