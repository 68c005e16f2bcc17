// The btrfs key, on its own so that the byte codecs and the item model can both use it without importing
// each other. Rule: the key's shape and order only; key types and their names live with the items.

/** A key (struct btrfs_disk_key). Items sort by objectid, then type, then offset; all three are unsigned. */
export interface Key {
  readonly objectid: number;
  readonly type: number;
  readonly offset: number;
}

/** The order of keys in a tree: objectid, then type, then offset. */
export function compareKeys(a: Key, b: Key): number {
  return a.objectid - b.objectid || a.type - b.type || a.offset - b.offset;
}
