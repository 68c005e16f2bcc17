// Every file extent item pointing into each data extent, by the extent's bytenr, over all inodes: what an
// extent's back references are derived from when a commit regenerates its items alone.

import type { FileExtentRec } from '../trace/records.ts';

export class FileExtentsByExtent {
  private readonly byBytenr = new Map<number, Set<FileExtentRec>>();

  add(item: FileExtentRec): void {
    if (item.diskBytenr === 0) return;
    const items = this.byBytenr.get(item.diskBytenr);
    if (items === undefined)
      this.byBytenr.set(item.diskBytenr, new Set([item]));
    else items.add(item);
  }

  remove(item: FileExtentRec): void {
    const items = this.byBytenr.get(item.diskBytenr);
    if (items === undefined) return;
    items.delete(item);
    // Stryker disable next-line ConditionalExpression: memory only; of() answers [] for an empty set as for none
    if (items.size === 0) this.byBytenr.delete(item.diskBytenr);
  }

  /** The file extent items pointing into the extent at `bytenr`, in no particular order. */
  of(bytenr: number): readonly FileExtentRec[] {
    return [...(this.byBytenr.get(bytenr) ?? [])];
  }
}
