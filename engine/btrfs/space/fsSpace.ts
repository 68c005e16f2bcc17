// The filesystem's space: the chunk map, a block group per chunk, and the data, metadata and system
// space_infos that sum them. Used, reserved and pinned bytes change only through account(), which moves a
// block group and its space_info together, as btrfs_update_block_group and friends do.

import { InvariantError } from '../../core/assert.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { FlushRec } from '../../trace/records.ts';
import { BlockGroup, type GroupCounter } from './blockGroup.ts';
import { ChunkMap, type Chunk } from './chunkMap.ts';
import type { ChunkType } from './chunkType.ts';
import { SpaceInfo } from './spaceInfo.ts';

export class FsSpace {
  readonly chunks: ChunkMap;
  readonly info: Readonly<Record<ChunkType, SpaceInfo>>;
  private readonly groups = new Map<number, BlockGroup>();
  private nextTicket = 1;
  private readonly flushing = new Map<'data' | 'metadata', FlushRec>();

  constructor(
    deviceSize: number,
    private readonly rec: Recorder,
  ) {
    this.chunks = new ChunkMap(deviceSize, rec);
    rec.change('device', 'device', null, this.chunks.toRec());
    this.info = {
      data: new SpaceInfo('data', rec),
      metadata: new SpaceInfo('metadata', rec),
      system: new SpaceInfo('system', rec),
    };
  }

  /** Maps a new chunk and adds its block group to its space_info (btrfs_make_block_group). */
  addChunk(chunk: Chunk): BlockGroup {
    this.chunks.add(chunk);
    const group = new BlockGroup(chunk, this.rec);
    this.groups.set(chunk.start, group);
    this.info[chunk.type].addGroup(group);
    return group;
  }

  /** The block group holding logical address `bytenr`. */
  groupAt(bytenr: number): BlockGroup {
    const chunk = this.chunks.find(bytenr);
    const group =
      chunk === undefined ? undefined : this.groups.get(chunk.start);
    if (group === undefined)
      throw new InvariantError(`no block group holds ${String(bytenr)}`);
    return group;
  }

  /** Every block group of a type, by logical address. */
  groupsOf(type: ChunkType): readonly BlockGroup[] {
    return this.info[type].groups;
  }

  /**
   * Moves the used, reserved or pinned bytes of [bytenr, bytenr + bytes) — which lies in one block group —
   * by `delta` (signed multiples of nothing in particular: the caller passes byte counts).
   */
  account(bytenr: number, delta: Partial<Record<GroupCounter, number>>): void {
    const group = this.groupAt(bytenr);
    group.adjust(delta);
    this.info[group.chunk.type].adjust(delta);
  }

  /** The flush state a space_info's reclaim worker is running, if any. */
  flushOf(space: 'data' | 'metadata'): FlushRec | null {
    return this.flushing.get(space) ?? null;
  }

  setFlush(space: 'data' | 'metadata', flush: FlushRec | null): void {
    const before = this.flushOf(space);
    if (flush === null) this.flushing.delete(space);
    else this.flushing.set(space, flush);
    this.rec.change('flush', space, before, flush);
  }

  allocTicketId(): number {
    return this.nextTicket++;
  }
}
