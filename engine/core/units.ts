// Byte units, alignment and the one size formatter. Offsets, lengths and disk addresses are byte counts
// throughout the engine; every size shown to a person (narration, CLI, UI) is written by a function here.

export const KiB = 1024;
export const MiB = 1024 * KiB;

export function alignDown(x: number, a: number): number {
  return Math.floor(x / a) * a;
}

export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** Binary units, largest first: the one ladder both formats below climb. */
const UNITS: readonly {
  readonly bytes: number;
  readonly short: string;
  readonly long: string;
}[] = [
  { bytes: 1024 ** 4, short: 'T', long: 'TiB' },
  { bytes: 1024 ** 3, short: 'G', long: 'GiB' },
  { bytes: MiB, short: 'M', long: 'MiB' },
  { bytes: KiB, short: 'K', long: 'KiB' },
];

/** "4K", "16M", "1G", "1T", "200B": compact and exact (the largest unit that divides it; bytes otherwise). */
export function shortSize(bytes: number): string {
  const unit = UNITS.find((u) => bytes !== 0 && bytes % u.bytes === 0);
  return unit === undefined
    ? `${String(bytes)}B`
    : `${String(bytes / unit.bytes)}${unit.short}`;
}

/**
 * A byte range as narration writes it, "[4K, 8K)"; an end at or past 2^52 (a range to the end of the
 * file, given as Number.MAX_SAFE_INTEGER or aligned from it) reads "[4K, end of file)".
 */
export function shortRange(start: number, end: number): string {
  return `[${shortSize(start)}, ${end >= 2 ** 52 ? 'end of file' : shortSize(end)})`;
}

/** "64 MiB", "1.5 GiB", "512 B": readable, one decimal at most (for device and image sizes). */
export function formatSize(bytes: number): string {
  const unit = UNITS.find((u) => Math.abs(bytes) >= u.bytes);
  if (unit === undefined) return `${String(bytes)} B`;
  const value = bytes / unit.bytes;
  return `${Number.isInteger(value) ? String(value) : value.toFixed(1)} ${unit.long}`;
}
