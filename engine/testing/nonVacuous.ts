// Assertions that cannot pass vacuously: `list.every(ok)` is true for an empty list, and a guard that
// returns when a value is missing ends the test green; both would hide a test that checks nothing.

import { expect } from 'vitest';

/** Asserts that `items` is not empty and that every item satisfies `ok`; names the first that does not. */
export function expectEvery<T>(
  items: Iterable<T>,
  ok: (item: T, index: number) => boolean,
  what: string,
): void {
  let count = 0;
  let first: { index: number; item: T } | null = null;
  for (const item of items) {
    if (first === null && !ok(item, count)) first = { index: count, item };
    count++;
  }
  expect(count, `${what}: the list is empty`).toBeGreaterThan(0);
  expect(
    first === null
      ? null
      : `item ${String(first.index)}: ${String(first.item)}`,
    `${what}: the first item that does not`,
  ).toBeNull();
}

/** `value`, or a failure naming what is missing (a guard that fails where `if (!x) return` would pass). */
export function present<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null)
    throw new Error(`${what} is missing`);
  return value;
}
