// Byte units and alignment. Offsets, lengths and disk addresses are byte counts throughout the engine.

export const KiB = 1024;
export const MiB = 1024 * KiB;

export function alignDown(x: number, a: number): number {
  return Math.floor(x / a) * a;
}

export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** "4K", "16M", "200B": compact sizes for narration (exact; bytes when not a whole KiB). */
export function shortSize(bytes: number): string {
  if (bytes !== 0 && bytes % MiB === 0) return `${String(bytes / MiB)}M`;
  if (bytes !== 0 && bytes % KiB === 0) return `${String(bytes / KiB)}K`;
  return `${String(bytes)}B`;
}
