// Units and alignment. File offsets and lengths are plain byte counts; page indices (Pgoff) and disk
// addresses (Bytenr) are branded so that mixing them with file offsets is a type error.

import type { Brand } from './brand.ts';

/** A page-cache index: file offset / page size. */
export type Pgoff = Brand<number, 'pgoff'>;
/** A logical disk address (btrfs bytenr) in bytes. */
export type Bytenr = Brand<number, 'bytenr'>;

export const KiB = 1024;
export const MiB = 1024 * KiB;

export function asBytenr(n: number): Bytenr {
  return n as Bytenr;
}

export function offsetToPgoff(offset: number, pageSize: number): Pgoff {
  return Math.floor(offset / pageSize) as Pgoff;
}

export function pgoffToOffset(index: Pgoff, pageSize: number): number {
  return index * pageSize;
}

export function alignDown(x: number, a: number): number {
  return Math.floor(x / a) * a;
}

export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export function isAligned(x: number, a: number): boolean {
  return x % a === 0;
}

/** "4K", "200B", "1.5M": compact sizes for narration. */
export function shortSize(bytes: number): string {
  if (bytes !== 0 && bytes % MiB === 0) return `${String(bytes / MiB)}M`;
  if (bytes !== 0 && bytes % KiB === 0) return `${String(bytes / KiB)}K`;
  return `${String(bytes)}B`;
}
