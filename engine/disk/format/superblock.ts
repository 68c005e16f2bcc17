// The superblock codec: one 4 KiB block, checksummed with crc32c over everything after the checksum field,
// laid out in the spirit of btrfs's (csum, fsid, bytenr, flags, magic, generation, roots, sizes).
// Pure bytes <-> record; where copies live and which one wins is image.ts's business.

import { crc32c } from '../../core/crc32c.ts';
import {
  decodeChunkItem,
  encodeChunkItem,
  FIRST_CHUNK_TREE_OBJECTID,
  type ChunkItem,
} from './chunkItems.ts';
import { KEY_SIZE, readKey, writeKey } from './codec.ts';

export const SUPERBLOCK_SIZE = 4096;
export const SUPERBLOCK_MAGIC = 'IOMAPXFS';
/**
 * 2: chunks, device extents and block groups (a chunk tree, a dev tree and the system chunk array).
 * 3: commits copy-on-write only the paths they change, so tree nodes carry older generations and the superblock
 * records the chunk root's own generation.
 */
export const FORMAT_VERSION = 3;
/** BTRFS_SYSTEM_CHUNK_ARRAY_SIZE: room for the system chunks the chunk tree lives in. */
export const SYS_CHUNK_ARRAY_SIZE = 2048;
/** BTRFS_CHUNK_ITEM_KEY, as the system chunk array keys its entries. */
const CHUNK_ITEM_KEY = 228;

/** One entry of the system chunk array: a SYSTEM chunk's logical start and its chunk item. */
export interface SysChunk {
  readonly logical: number;
  readonly chunk: ChunkItem;
}

export interface Superblock {
  /** The filesystem's identity, 16 bytes as 32 lowercase hex digits. */
  readonly fsid: string;
  /** Where this copy is stored (a copy found elsewhere is stale or misplaced). */
  readonly bytenr: number;
  readonly flags: number;
  /** Transaction generation of the last commit; the newest valid copy wins at mount. */
  readonly generation: number;
  /** Location and level of the root tree's root node; 0/0 for a freshly made filesystem. */
  readonly root: number;
  readonly rootLevel: number;
  readonly totalBytes: number;
  readonly bytesUsed: number;
  readonly sectorsize: number;
  readonly nodesize: number;
  readonly version: number;
  /** Logical address and level of the chunk tree's root node (0/0 before the first commit). */
  readonly chunkRoot: number;
  readonly chunkRootLevel: number;
  /** The chunk tree root's generation (btrfs's chunk_root_generation): a commit that leaves the chunk tree alone keeps it. */
  readonly chunkRootGeneration: number;
  /** The SYSTEM chunks, so that a mount can read the chunk tree before it knows any other chunk. */
  readonly sysChunkArray: readonly SysChunk[];
}

const OFF = {
  csum: 0,
  fsid: 32,
  bytenr: 48,
  flags: 56,
  magic: 64,
  generation: 72,
  root: 80,
  rootLevel: 88,
  chunkRootGeneration: 96,
  totalBytes: 112,
  bytesUsed: 120,
  sectorsize: 128,
  nodesize: 132,
  version: 136,
  chunkRoot: 144,
  chunkRootLevel: 152,
  sysArraySize: 160,
  sysArray: 256,
} as const;

export function encodeSuperblock(sb: Superblock): Uint8Array {
  const bytes = new Uint8Array(SUPERBLOCK_SIZE);
  const view = new DataView(bytes.buffer);
  const fsid = hexToBytes(sb.fsid);
  bytes.set(fsid, OFF.fsid);
  setU64(view, OFF.bytenr, sb.bytenr);
  setU64(view, OFF.flags, sb.flags);
  for (let i = 0; i < SUPERBLOCK_MAGIC.length; i++)
    bytes[OFF.magic + i] = SUPERBLOCK_MAGIC.charCodeAt(i);
  setU64(view, OFF.generation, sb.generation);
  setU64(view, OFF.root, sb.root);
  setU64(view, OFF.rootLevel, sb.rootLevel);
  setU64(view, OFF.totalBytes, sb.totalBytes);
  setU64(view, OFF.bytesUsed, sb.bytesUsed);
  view.setUint32(OFF.sectorsize, sb.sectorsize, true);
  view.setUint32(OFF.nodesize, sb.nodesize, true);
  view.setUint32(OFF.version, sb.version, true);
  setU64(view, OFF.chunkRoot, sb.chunkRoot);
  setU64(view, OFF.chunkRootLevel, sb.chunkRootLevel);
  setU64(view, OFF.chunkRootGeneration, sb.chunkRootGeneration);
  let at = OFF.sysArray;
  for (const { logical, chunk } of sb.sysChunkArray) {
    const item = encodeChunkItem(chunk);
    if (at + KEY_SIZE + item.length > OFF.sysArray + SYS_CHUNK_ARRAY_SIZE)
      throw new Error('the system chunk array is full');
    writeKey(view, at, {
      objectid: FIRST_CHUNK_TREE_OBJECTID,
      type: CHUNK_ITEM_KEY,
      offset: logical,
    });
    bytes.set(item, at + KEY_SIZE);
    at += KEY_SIZE + item.length;
  }
  view.setUint32(OFF.sysArraySize, at - OFF.sysArray, true);
  view.setUint32(OFF.csum, crc32c(bytes.subarray(32)), true);
  return bytes;
}

export type DecodeResult =
  | { readonly kind: 'ok'; readonly superblock: Superblock }
  | { readonly kind: 'no-magic' }
  | { readonly kind: 'bad-checksum' }
  | { readonly kind: 'unsupported-version'; readonly version: number };

export function decodeSuperblock(bytes: Uint8Array): DecodeResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(
    ...bytes.subarray(OFF.magic, OFF.magic + SUPERBLOCK_MAGIC.length),
  );
  if (magic !== SUPERBLOCK_MAGIC) return { kind: 'no-magic' };
  if (
    view.getUint32(OFF.csum, true) !==
    crc32c(bytes.subarray(32, SUPERBLOCK_SIZE))
  )
    return { kind: 'bad-checksum' };
  const version = view.getUint32(OFF.version, true);
  if (version !== FORMAT_VERSION)
    return { kind: 'unsupported-version', version };
  return {
    kind: 'ok',
    superblock: {
      fsid: bytesToHex(bytes.subarray(OFF.fsid, OFF.fsid + 16)),
      bytenr: getU64(view, OFF.bytenr),
      flags: getU64(view, OFF.flags),
      generation: getU64(view, OFF.generation),
      root: getU64(view, OFF.root),
      rootLevel: getU64(view, OFF.rootLevel),
      totalBytes: getU64(view, OFF.totalBytes),
      bytesUsed: getU64(view, OFF.bytesUsed),
      sectorsize: view.getUint32(OFF.sectorsize, true),
      nodesize: view.getUint32(OFF.nodesize, true),
      version,
      chunkRoot: getU64(view, OFF.chunkRoot),
      chunkRootLevel: getU64(view, OFF.chunkRootLevel),
      chunkRootGeneration: getU64(view, OFF.chunkRootGeneration),
      sysChunkArray: decodeSysArray(bytes, view),
    },
  };
}

/** The entries of the system chunk array; a malformed one ends the array (validation then finds no chunk). */
function decodeSysArray(bytes: Uint8Array, view: DataView): SysChunk[] {
  const size = Math.min(
    view.getUint32(OFF.sysArraySize, true),
    SYS_CHUNK_ARRAY_SIZE,
  );
  const out: SysChunk[] = [];
  let at = OFF.sysArray;
  const end = OFF.sysArray + size;
  while (at + KEY_SIZE + 48 <= end) {
    const key = readKey(view, at);
    const stripes = Number(view.getBigUint64(at + KEY_SIZE + 40, true));
    const length = 48 + stripes * 16;
    if (
      key === null ||
      key.type !== CHUNK_ITEM_KEY ||
      at + KEY_SIZE + length > end
    )
      break;
    const chunk = decodeChunkItem(
      bytes.subarray(at + KEY_SIZE, at + KEY_SIZE + length),
    );
    if (!chunk.ok) break;
    out.push({ logical: key.offset, chunk: chunk.value });
    at += KEY_SIZE + length;
  }
  return out;
}

function setU64(view: DataView, offset: number, value: number): void {
  view.setBigUint64(offset, BigInt(value), true);
}

function getU64(view: DataView, offset: number): number {
  const value = view.getBigUint64(offset, true);
  // A value beyond 2^53 cannot come from this engine: -1 makes validation reject the copy.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(value);
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++)
    bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16) || 0;
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
