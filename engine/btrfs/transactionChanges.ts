// What the running transaction changed, recorded where each change is made, as the keys whose items the next
// commit regenerates: inodes (inode item and ref), file extent items by inode and offset, extents by bytenr
// (extent item and back references), checksummed sectors by address. Rule: a mount starts with none, and a
// commit empties it; whatever is not recorded here the commit takes to be as the committed trees hold it.

export class TransactionChanges {
  private readonly inodeSet = new Set<number>();
  private readonly fileExtentOffsets = new Map<number, Set<number>>();
  private readonly extentSet = new Set<number>();
  private readonly csumSet = new Set<number>();

  /** The inode's INODE_ITEM or INODE_REF may differ (a new inode, i_size on disk, nbytes, flags). */
  inode(ino: number): void {
    this.inodeSet.add(ino);
  }

  /** The file extent item of `ino` at file offset `offset` was inserted, removed or replaced. */
  fileExtent(ino: number, offset: number): void {
    const offsets = this.fileExtentOffsets.get(ino);
    if (offsets === undefined)
      this.fileExtentOffsets.set(ino, new Set([offset]));
    else offsets.add(offset);
  }

  /** The extent at `bytenr` was inserted, removed, or its references changed. */
  extent(bytenr: number): void {
    this.extentSet.add(bytenr);
  }

  /** The checksum of the data sector at `addr` was set or deleted. */
  csum(addr: number): void {
    this.csumSet.add(addr);
  }

  get inodes(): ReadonlySet<number> {
    return this.inodeSet;
  }

  /** By inode, the file offsets whose file extent items changed. */
  get fileExtents(): ReadonlyMap<number, ReadonlySet<number>> {
    return this.fileExtentOffsets;
  }

  get extents(): ReadonlySet<number> {
    return this.extentSet;
  }

  get csums(): ReadonlySet<number> {
    return this.csumSet;
  }

  /** The commit wrote everything recorded. */
  clear(): void {
    this.inodeSet.clear();
    this.fileExtentOffsets.clear();
    this.extentSet.clear();
    this.csumSet.clear();
  }
}
