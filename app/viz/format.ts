// Number formatting for labels: compact sizes, exact numbers in titles, disk addresses.

import { shortSize } from '@engine';

/** "4K", "200B", "1M": exact and short (binary units). */
export function size(bytes: number): string {
  return shortSize(bytes);
}

/** A disk address: "NULL" for -1, else the byte address in compact units. */
export function addr(bytenr: number): string {
  return bytenr < 0 ? 'NULL_ADDR' : shortSize(bytenr);
}

/** "[4K, 8K)" */
export function range(start: number, end: number): string {
  return `[${shortSize(start)}, ${shortSize(end)})`;
}

/** One formatter for every call: Number.prototype.toLocaleString builds a new one each time, which showed in
 * the profile of a playing run (every panel formats numbers at every step). */
const EN_US = new Intl.NumberFormat('en-US');

/** 1234567 -> "1,234,567" */
export function exact(n: number): string {
  return EN_US.format(n);
}
