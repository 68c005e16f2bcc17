// Crafted damage for image tests and the hostile audit (issue 18, finding 8): a base image to damage, and
// one damage of imageDamages.ts applied to its committed leaves, each re-encoded with a valid checksum.

import { mountFs } from '../btrfs/mount.ts';
import type { Rng } from '../core/rng.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import { decodeNode, encodeNode } from '../disk/format/node.ts';
import type { OpSpec, ScenarioSpec } from '../scenario/types.ts';
import { Recorder } from '../trace/recorder.ts';
import { DAMAGES, type Expected, type Leaf } from './imageDamages.ts';

export { DAMAGE_NAMES, DAMAGES } from './imageDamages.ts';

/**
 * The ops that make a base image to damage (on a 64 MiB device): three files written, synced, one partly overwritten and one truncated
 * away (so a file has several extent items and the csum tree several items), synced again, a power cut,
 * then every file read whole.
 */
export function baseImage(rng: Rng): ScenarioSpec {
  const files = ['F0', 'F1', 'F2'];
  // At least 32 KiB each, the overwrite past 16 KiB: the item before it spans more than one sector.
  const sizes = files.map(() => 32768 + rng.int(300 * 1024));
  const f0 = sizes[0] ?? 32768;
  const ops: OpSpec[] = files.map((file, i) => ({
    op: 'write',
    file,
    offset: 0,
    length: sizes[i] ?? 32768,
  }));
  ops.push(
    { op: 'sync' },
    {
      op: 'write',
      file: 'F0',
      offset: 16384 + rng.int(f0 - 16384),
      length: 1 + rng.int(8192),
    },
    { op: 'truncate', file: 'F1', size: 0 },
    { op: 'sync' },
    { op: 'power-cut' },
    ...files.map((file): OpSpec => ({
      op: 'read',
      file,
      offset: 0,
      length: 512 * 1024,
    })),
  );
  return {
    id: 'damaged-image',
    title: 'an image to damage',
    description: 'three files written, one partly overwritten, one truncated',
    files: files.map((name) => ({ name, size: 0 })),
    ops,
  };
}

/**
 * Applies damage `name` to the committed image on `device` (editLeaves). Returns the damage's description,
 * or null when the image holds no item it applies to (or the image does not mount).
 */
export function craftDamage(
  device: BlockDevice,
  name: string,
  rng: Rng,
): { readonly expect: Expected; readonly what: string } | null {
  const damage = DAMAGES[name];
  if (damage === undefined) throw new Error(`no damage named ${name}`);
  const what = editLeaves(device, (leaves) => damage.apply(leaves, rng));
  return what === null
    ? null
    : { expect: damage.expect, what: `${name}: ${what}` };
}

/**
 * Lets `edit` change the items of the committed image's leaves on `device`: every leaf is read through the
 * image's own chunk map, and each one `edit` changed is re-encoded (valid checksum) and written to each of
 * its copies. Returns what `edit` returns, or null (nothing written) when the image does not mount.
 */
export function editLeaves<T>(
  device: BlockDevice,
  edit: (leaves: Leaf[]) => T,
): T | null {
  const mounted = mountFs(device, { pageSize: 4096, rec: new Recorder(false) });
  if (!mounted.ok) return null;
  const { fs } = mounted.value;
  const nodeSize = fs.geo.nodeSize;
  const leaves: Leaf[] = [];
  for (const bytenr of [...fs.committed.nodes].sort((a, b) => a - b)) {
    const bytes = new Uint8Array(nodeSize);
    fs.disk.read(bytenr, bytes);
    const view = new DataView(bytes.buffer);
    const node = decodeNode(bytes, {
      nodeSize,
      bytenr,
      fsid: fs.committed.superblock.fsid,
      owner: Number(view.getBigUint64(64, true)),
      level: view.getUint8(76),
    });
    if (node.ok && node.value.kind === 'leaf')
      leaves.push({
        bytenr,
        header: node.value.header,
        items: [...node.value.items],
      });
  }
  const before = leaves.map((l) => l.items.slice());
  const result = edit(leaves);
  leaves.forEach((leaf, i) => {
    const old = before[i] ?? [];
    if (
      leaf.items.length === old.length &&
      leaf.items.every((it, j) => it === old[j])
    )
      return;
    fs.disk.write(
      leaf.bytenr,
      encodeNode(nodeSize, {
        kind: 'leaf',
        items: leaf.items,
        header: leaf.header,
      }),
    );
  });
  fs.disk.flush();
  return result;
}
