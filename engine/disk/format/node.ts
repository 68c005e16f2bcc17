// One tree node, in the spirit of a btrfs extent buffer: a checksummed header, then either item headers growing
// forward with their data growing backward from the node end (a leaf), or key pointers to children.
// Pure bytes <-> node. decodeNode verifies all a node can say about itself; any violation is EIO, never a throw
// (as btrfs's read_tree_block() fails with -EIO when a block validates on no mirror).

import { InvariantError } from '../../core/assert.ts';
import { crc32c } from '../../core/crc32c.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import { KEY_SIZE, readKey, readU64, writeKey, writeU64 } from './codec.ts';
import { formatKey, treeName, type Item } from './items.ts';
import { compareKeys, type Key } from './key.ts';

/** Levels run from 0 (a leaf) to MAX_LEVEL - 1, as with BTRFS_MAX_LEVEL. */
export const MAX_LEVEL = 8;

// Header: csum (32 bytes, crc32c of everything after it in the first 4), fsid (16), bytenr, generation and
// owner (u64 each), nritems (u32), level (u8). btrfs's flags and chunk tree uuid are left out.
const CSUM_SIZE = 32;
const OFF = {
  csum: 0,
  fsid: 32,
  bytenr: 48,
  generation: 56,
  owner: 64,
  nritems: 72,
  level: 76,
} as const;
export const HEADER_SIZE = 77;
/** A leaf's item header (struct btrfs_item): key, u32 data offset from the node start, u32 data size. */
export const ITEM_HEADER_SIZE = KEY_SIZE + 8;
// An internal node's pointer (struct btrfs_key_ptr): key, u64 child bytenr, u64 child generation.
const KEY_PTR_SIZE = KEY_SIZE + 16;

const MIN_NODE_SIZE = 512;
const MAX_NODE_SIZE = 65536;

export interface NodeHeader {
  /** The filesystem's identity, 32 lowercase hex digits as in the superblock. */
  readonly fsid: string;
  /** Where the node lives; a node read from anywhere else is misplaced or stale. */
  readonly bytenr: number;
  readonly generation: number;
  /** The id of the tree the node belongs to. */
  readonly owner: number;
  readonly level: number;
}

export interface KeyPtr {
  /** The first key of the child. */
  readonly key: Key;
  readonly blockptr: number;
  /** The child's generation, checked when the child is read (btrfs's parent transid). */
  readonly generation: number;
}

export type NodeBody =
  | { readonly kind: 'leaf'; readonly items: readonly Item[] }
  | { readonly kind: 'internal'; readonly ptrs: readonly KeyPtr[] };

export type Node = NodeBody & { readonly header: NodeHeader };

/** What the reader knows about a node before reading it. */
export interface NodeExpectation {
  readonly nodeSize: number;
  readonly bytenr: number;
  readonly fsid: string;
  readonly owner: number;
  readonly level: number;
  /** Checked when known: the generation the parent pointer (or root item) records. */
  readonly generation?: number | undefined;
}

/** Throws unless `nodeSize` is a power of two from 512 to 65536 and `fsid` is 32 lowercase hex digits. */
export function checkGeometry(nodeSize: number, fsid: string): void {
  if (
    !Number.isInteger(nodeSize) ||
    nodeSize < MIN_NODE_SIZE ||
    nodeSize > MAX_NODE_SIZE ||
    (nodeSize & (nodeSize - 1)) !== 0
  )
    throw new InvariantError(
      `node size ${String(nodeSize)} is not a power of two from ${String(MIN_NODE_SIZE)} to ${String(MAX_NODE_SIZE)}`,
    );
  if (!/^[0-9a-f]{32}$/.test(fsid))
    throw new InvariantError(`fsid "${fsid}" is not 32 lowercase hex digits`);
}

/** The largest item payload a leaf holds (BTRFS_MAX_ITEM_SIZE). */
export function maxItemSize(nodeSize: number): number {
  return nodeSize - HEADER_SIZE - ITEM_HEADER_SIZE;
}

/**
 * BTRFS_MAX_EXTENT_ITEM_SIZE: a sixteenth of a leaf's data space, less an item header. An extent item takes
 * inline refs only while it stays within this size; the others become keyed EXTENT_DATA_REF items.
 */
export function maxExtentItemSize(nodeSize: number): number {
  return Math.floor((nodeSize - HEADER_SIZE) / 16) - ITEM_HEADER_SIZE;
}

/** The most pointers an internal node holds (BTRFS_NODEPTRS_PER_BLOCK). */
export function maxPtrs(nodeSize: number): number {
  return Math.floor((nodeSize - HEADER_SIZE) / KEY_PTR_SIZE);
}

/** "FS_TREE node at 1114112": how every message about a node starts. */
export function describeNode(owner: number, bytenr: number): string {
  return `${treeName(owner)} node at ${String(bytenr)}`;
}

/**
 * Serializes and checksums a node. Throws if it does not fit or its level does not match its kind. Key order is
 * not checked here: writeTree checks its input and decodeNode what it reads.
 */
export function encodeNode(nodeSize: number, node: Node): Uint8Array {
  const { header } = node;
  checkGeometry(nodeSize, header.fsid);
  if ((header.level === 0) !== (node.kind === 'leaf'))
    throw new InvariantError(
      `a ${node.kind} node cannot have level ${String(header.level)}`,
    );
  if (!Number.isInteger(header.level) || header.level >= MAX_LEVEL)
    throw new InvariantError(`node level ${String(header.level)} is invalid`);
  const bytes = new Uint8Array(nodeSize);
  const view = new DataView(bytes.buffer);
  bytes.set(hexToBytes(header.fsid), OFF.fsid);
  writeU64(view, OFF.bytenr, header.bytenr, 'node bytenr');
  writeU64(view, OFF.generation, header.generation, 'node generation');
  writeU64(view, OFF.owner, header.owner, 'node owner');
  view.setUint8(OFF.level, header.level);
  if (node.kind === 'leaf') encodeLeaf(bytes, view, node.items);
  else encodeInternal(view, node.ptrs);
  view.setUint32(OFF.csum, crc32c(bytes.subarray(CSUM_SIZE)), true);
  return bytes;
}

function encodeLeaf(
  bytes: Uint8Array,
  view: DataView,
  items: readonly Item[],
): void {
  const used = items.reduce(
    (sum, item) => sum + ITEM_HEADER_SIZE + item.data.length,
    0,
  );
  if (HEADER_SIZE + used > bytes.length)
    throw new InvariantError(
      `${String(items.length)} items need ${String(used)} bytes, more than a ${String(bytes.length)}-byte leaf holds`,
    );
  view.setUint32(OFF.nritems, items.length, true);
  let dataEnd = bytes.length;
  items.forEach((item, i) => {
    const at = HEADER_SIZE + i * ITEM_HEADER_SIZE;
    dataEnd -= item.data.length;
    writeKey(view, at, item.key);
    view.setUint32(at + KEY_SIZE, dataEnd, true);
    view.setUint32(at + KEY_SIZE + 4, item.data.length, true);
    bytes.set(item.data, dataEnd);
  });
}

function encodeInternal(view: DataView, ptrs: readonly KeyPtr[]): void {
  if (ptrs.length === 0 || ptrs.length > maxPtrs(view.byteLength))
    throw new InvariantError(
      `an internal node holds 1 to ${String(maxPtrs(view.byteLength))} pointers, not ${String(ptrs.length)}`,
    );
  view.setUint32(OFF.nritems, ptrs.length, true);
  ptrs.forEach((ptr, i) => {
    const at = HEADER_SIZE + i * KEY_PTR_SIZE;
    writeKey(view, at, ptr.key);
    writeU64(view, at + KEY_SIZE, ptr.blockptr, 'pointer blockptr');
    writeU64(view, at + KEY_SIZE + 8, ptr.generation, 'pointer generation');
  });
}

/** Decodes and verifies the node read at `expect.bytenr`; every failure is EIO naming the node and the fault. */
export function decodeNode(
  bytes: Uint8Array,
  expect: NodeExpectation,
): Result<Node> {
  const node = decodeVerified(bytes, expect);
  return node.ok
    ? node
    : fail(
        'EIO',
        `${describeNode(expect.owner, expect.bytenr)}: ${node.error.message}`,
      );
}

function decodeVerified(
  bytes: Uint8Array,
  expect: NodeExpectation,
): Result<Node> {
  if (bytes.length !== expect.nodeSize)
    return fail(
      'EIO',
      `truncated: read ${String(bytes.length)} of ${String(expect.nodeSize)} bytes`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(OFF.csum, true);
  const computed = crc32c(bytes.subarray(CSUM_SIZE));
  if (stored !== computed)
    return fail(
      'EIO',
      `checksum mismatch (stored ${hex32(stored)}, computed ${hex32(computed)})`,
    );
  const header = decodeHeader(bytes, view, expect);
  if (!header.ok) return header;
  const nritems = view.getUint32(OFF.nritems, true);
  const body =
    header.value.level === 0
      ? decodeLeaf(bytes, view, nritems)
      : decodeInternal(view, nritems, header.value.generation);
  return body.ok ? ok({ ...body.value, header: header.value }) : body;
}

function decodeHeader(
  bytes: Uint8Array,
  view: DataView,
  expect: NodeExpectation,
): Result<NodeHeader> {
  const bytenr = readU64(view, OFF.bytenr);
  const generation = readU64(view, OFF.generation);
  const owner = readU64(view, OFF.owner);
  if (bytenr === null) return fail('EIO', 'header bytenr is beyond 2^53 - 1');
  if (generation === null)
    return fail('EIO', 'header generation is beyond 2^53 - 1');
  if (owner === null) return fail('EIO', 'header owner is beyond 2^53 - 1');
  if (bytenr !== expect.bytenr)
    return fail(
      'EIO',
      `records bytenr ${String(bytenr)}: a misplaced or stale node`,
    );
  const fsid = bytesToHex(bytes.subarray(OFF.fsid, OFF.fsid + 16));
  if (fsid !== expect.fsid)
    return fail(
      'EIO',
      `belongs to filesystem ${fsid}, not ${expect.fsid} (a foreign node)`,
    );
  if (owner !== expect.owner)
    return fail(
      'EIO',
      `is owned by ${treeName(owner)}, not ${treeName(expect.owner)}`,
    );
  const level = view.getUint8(OFF.level);
  if (level !== expect.level)
    return fail(
      'EIO',
      `has level ${String(level)}, expected ${String(expect.level)}`,
    );
  if (expect.generation !== undefined && generation !== expect.generation)
    return fail(
      'EIO',
      `has generation ${String(generation)}, expected ${String(expect.generation)} (a lost or stale write)`,
    );
  return ok({ fsid, bytenr, generation, owner, level });
}

function decodeLeaf(
  bytes: Uint8Array,
  view: DataView,
  nritems: number,
): Result<NodeBody> {
  const dataStart = HEADER_SIZE + nritems * ITEM_HEADER_SIZE;
  if (dataStart > bytes.length)
    return fail(
      'EIO',
      `claims ${String(nritems)} items, more headers than a leaf holds`,
    );
  const items: Item[] = [];
  // Item i's data ends where item i - 1's begins: no gaps, no overlap (btrfs's tree-checker demands the same).
  let dataEnd = bytes.length;
  for (let i = 0; i < nritems; i++) {
    const at = HEADER_SIZE + i * ITEM_HEADER_SIZE;
    const key = readKey(view, at);
    if (key === null)
      return fail('EIO', `item ${String(i)} has a key beyond 2^53 - 1`);
    const order = orderProblem('item', i, key, items[i - 1]?.key);
    if (order !== null) return fail('EIO', order);
    const offset = view.getUint32(at + KEY_SIZE, true);
    const end = offset + view.getUint32(at + KEY_SIZE + 4, true);
    if (offset < dataStart || end > bytes.length)
      return fail(
        'EIO',
        `item ${String(i)} data [${String(offset)}, ${String(end)}) is outside the data area [${String(dataStart)}, ${String(bytes.length)})`,
      );
    if (end !== dataEnd)
      return fail(
        'EIO',
        `item ${String(i)} data ends at ${String(end)}, expected ${String(dataEnd)} (items are packed back to back from the end)`,
      );
    items.push({ key, data: bytes.slice(offset, end) });
    dataEnd = offset;
  }
  return ok({ kind: 'leaf', items });
}

function decodeInternal(
  view: DataView,
  nritems: number,
  generation: number,
): Result<NodeBody> {
  const max = maxPtrs(view.byteLength);
  if (nritems === 0 || nritems > max)
    return fail(
      'EIO',
      `claims ${String(nritems)} pointers, an internal node holds 1 to ${String(max)}`,
    );
  const ptrs: KeyPtr[] = [];
  for (let i = 0; i < nritems; i++) {
    const at = HEADER_SIZE + i * KEY_PTR_SIZE;
    const key = readKey(view, at);
    const blockptr = readU64(view, at + KEY_SIZE);
    const ptrGeneration = readU64(view, at + KEY_SIZE + 8);
    if (key === null || blockptr === null || ptrGeneration === null)
      return fail('EIO', `pointer ${String(i)} has a field beyond 2^53 - 1`);
    const order = orderProblem('pointer', i, key, ptrs[i - 1]?.key);
    if (order !== null) return fail('EIO', order);
    if (ptrGeneration > generation)
      return fail(
        'EIO',
        `pointer ${String(i)} records child generation ${String(ptrGeneration)}, newer than the node's own ${String(generation)}`,
      );
    ptrs.push({ key, blockptr, generation: ptrGeneration });
  }
  return ok({ kind: 'internal', ptrs });
}

function orderProblem(
  what: string,
  i: number,
  key: Key,
  previous: Key | undefined,
): string | null {
  if (previous === undefined || compareKeys(previous, key) < 0) return null;
  return `${what} ${String(i)} key ${formatKey(key)} is not after ${what} ${String(i - 1)} key ${formatKey(previous)}`;
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) =>
    parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
