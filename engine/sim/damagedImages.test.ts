// Issue 18, finding 8: every class of crafted damage (one item changed, its leaf's checksum recomputed) is
// refused at mount with a sentence naming the item, or read as EIO — never an engine invariant, never a
// mis-read. The hostile audit (npm run hostile -- --classes image) draws from the same classes.
import { describe, expect, it } from 'vitest';
import { mountFs } from '../btrfs/mount.ts';
import { createRng } from '../core/rng.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { validateScenario } from '../scenario/validate.ts';
import {
  baseImage,
  craftDamage,
  DAMAGE_NAMES,
  DAMAGES,
} from '../testing/imageCraft.ts';
import { Recorder } from '../trace/recorder.ts';
import { createSimulation } from './simulation.ts';

/** What each damage is refused with (EUCLEAN), or the EIO its read answers. */
const SAYS: Readonly<Record<string, RegExp>> = {
  'file extent of 4 TiB':
    /^fs tree: inode 25\d file extent at \d+: ends at 4398046\d+, past the 1099511627776-byte file size limit$/,
  'file extent past the device end':
    /^fs tree: inode \d+ file extent at \d+: points at disk 35184372088832, where no extent item starts$/,
  'file extent past its disk extent':
    /file extent at \d+: extentOffset \d+ \+ numBytes \d+ runs past its \d+-byte disk extent$/,
  'file extent into no extent item':
    /file extent at \d+: points at disk \d+, where no extent item starts$/,
  'file extent of a wrong disk size':
    /file extent at \d+: records a \d+-byte disk extent, but the extent item at \d+ holds \d+$/,
  'file extent not sector aligned':
    /file extent at \d+: numBytes \d+ not a multiple of the sector size 4096$/,
  'file extents overlapping':
    /^fs tree: inode 257: file extent items at \d+ \(\d+ bytes\) and \d+ overlap$/,
  'data checksums missing':
    /^no checksum reading file offset \d+ \(disk address \d+\)$/,
  'checksums of unallocated space':
    /^csum tree: a checksum for disk sector \d+, which no data block group holds$/,
  'checksum item not sector aligned':
    /^csum tree: a checksum for disk \d+, not a sector boundary$/,
  'checksum items overlapping':
    /^csum tree: item \(EXTENT_CSUM EXTENT_CSUM \d+\) holds a checksum for disk sector \d+, which an earlier item holds$/,
  'inode past the file size limit':
    /^fs tree: inode \d+: size 1125899906842624 is past the 1099511627776-byte file size limit$/,
  'inode nbytes wrong':
    /^fs tree: inode \d+: nbytes \d+, but its file extent items hold \d+$/,
  'file name with a slash': /^fs tree: inode \d+: "a\/b" cannot name a file/,
  'file name empty': /^fs tree: inode \d+: "" cannot name a file/,
  'two files of one name':
    /^fs tree: inode \d+: is named "F0", as inode 257 is$/,
  'extent item with no reference':
    /^extent tree: item \(\d+ EXTENT_ITEM \d+\): extent item has 0 refs but its inline refs count \d+$/,
  'extent item with extra references':
    /^extent tree: extent \d+ has \d+ refs but its back references count \d+$/,
  'extent item of 4 TiB':
    /^extent tree: extent \d+ lies outside every data block group$/,
  'extent items overlapping':
    /^extent tree: extent item at \d+ \(\d+ bytes\) overlaps the extent item at \d+$/,
  'block group using more than it holds':
    /^block group at \d+ uses more than its length$/,
  'data block group used wrong':
    /^extent tree: the data block group at \d+ records \d+ bytes used, but its extent items hold \d+$/,
  'chunk of 4 TiB':
    /^chunk at \d+: a stripe ends past the 67108864-byte device$/,
  'chunk over the superblocks':
    /^(dev extent at \d+ names no stripe of chunk \d+|chunk tree: chunk at \d+ has a stripe at 0, outside the device's allocatable range .*)$/,
  // The system chunk's own item moved: its dev extent no longer names it.
  'chunks sharing device space':
    /^(chunk tree: chunk at \d+: stripe at \d+ overlaps the device extent at \d+|dev extent at \d+ names no stripe of chunk \d+)$/,
  'dev extent of a wrong length':
    /^dev extent at \d+ names no stripe of chunk \d+$/,
  'root item pointing at another tree':
    /^[A-Z_]+ node at \d+: is owned by [A-Z_]+, not [A-Z_]+$/,
};

/** The base image, committed on a 64 MiB disk, with the simulation stopped before its power cut. */
function committed(seed: number) {
  const rng = createRng(seed);
  const v = validateScenario(baseImage(rng));
  if (!v.ok) throw new Error('the base image is invalid');
  const disk = MemoryDisk.create(64 * 1024 * 1024);
  const sim = createSimulation({
    scenario: v.scenario,
    variant: 'srcmap',
    trace: false,
    device: disk,
  });
  const cut = v.scenario.ops.findIndex((o) => o.op === 'power-cut');
  for (let i = 0; i < cut; i++) sim.step();
  return { disk, sim, rng };
}

describe('a crafted image', () => {
  it('names a message for every class of damage', () => {
    expect(Object.keys(SAYS).sort()).toEqual([...DAMAGE_NAMES].sort());
  });

  it.each(DAMAGE_NAMES.flatMap((name) => [1, 2].map((seed) => [name, seed])))(
    '%s (seed %i) is refused with a sentence or read as EIO',
    (name, seed) => {
      const { disk, sim, rng } = committed(seed as number);
      const crafted = craftDamage(disk, name as string, rng);
      if (crafted === null) throw new Error(`no item for ${String(name)}`);
      const says = SAYS[name as string];
      const mounted = mountFs(disk, {
        pageSize: 4096,
        rec: new Recorder(false),
      });
      if (DAMAGES[name as string]?.expect === 'refused') {
        expect(mounted.ok).toBe(false);
        if (!mounted.ok) {
          expect(mounted.error.errno).toMatch(/^(EUCLEAN|EIO)$/);
          expect(mounted.error.message).toMatch(says ?? /^$/);
        }
        // The simulation's power cut meets the same refusal as an error value, not a throw.
        expect(sim.step()?.error?.message).toMatch(says ?? /^$/);
        return;
      }
      expect(mounted.ok).toBe(true);
      expect(sim.step()?.error).toBeNull();
      const reads = [sim.step(), sim.step(), sim.step()];
      const eio = reads.find((o) => o?.error != null)?.error;
      expect(eio?.errno).toBe('EIO');
      expect(eio?.message).toMatch(says ?? /^$/);
    },
  );
});
