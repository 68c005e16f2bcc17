// The kinds of space (block group types) and their profiles on one device, as mkfs.btrfs 5.15+ makes them:
// data SINGLE, metadata DUP, system DUP. Pure names and the block group flag bits they encode to.

import { BLOCK_GROUP_FLAG } from '../../disk/format/chunkItems.ts';
import type { ProfileName, SpaceKind } from '../../trace/records.ts';

export type ChunkType = SpaceKind;
export type Profile = ProfileName;

export const CHUNK_TYPES: readonly ChunkType[] = ['data', 'metadata', 'system'];

/** The profile every chunk of a type gets on a one-device filesystem (btrfs_get_alloc_profile). */
export const PROFILE_OF: Readonly<Record<ChunkType, Profile>> = {
  data: 'single',
  metadata: 'dup',
  system: 'dup',
};

/** Copies of every byte (btrfs_bg_type_to_factor): DUP keeps two stripes of the chunk on the device. */
export function copiesOf(profile: Profile): number {
  return profile === 'dup' ? 2 : 1;
}

const TYPE_FLAG: Readonly<Record<ChunkType, number>> = {
  data: BLOCK_GROUP_FLAG.DATA,
  metadata: BLOCK_GROUP_FLAG.METADATA,
  system: BLOCK_GROUP_FLAG.SYSTEM,
};

/** The block group / chunk type flags of a type and profile. */
export function chunkFlags(type: ChunkType, profile: Profile): number {
  return TYPE_FLAG[type] | (profile === 'dup' ? BLOCK_GROUP_FLAG.DUP : 0);
}

/** The type and profile flags say, or null for a combination this format never writes. */
export function parseChunkFlags(
  flags: number,
): { type: ChunkType; profile: Profile } | null {
  const profile: Profile =
    (flags & BLOCK_GROUP_FLAG.DUP) !== 0 ? 'dup' : 'single';
  const typeBits = flags & ~BLOCK_GROUP_FLAG.DUP;
  const type = CHUNK_TYPES.find((t) => TYPE_FLAG[t] === typeBits);
  return type === undefined ? null : { type, profile };
}

/** "DATA single", "METADATA DUP": as `btrfs filesystem df` names a block group type. */
export function chunkLabel(type: ChunkType, profile: Profile): string {
  return `${type.toUpperCase()} ${profile === 'dup' ? 'DUP' : 'single'}`;
}
